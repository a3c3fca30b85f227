/**
 * Load: 20 gRPC-Web clients through one gateway, the fake agent pacing events per stream.
 * SOAK=1: 2,000 events/s per client for 60 s (the target). `npm test`: 250 events/s for 5 s,
 * because agent, gateway and all 20 clients share one process on a 2-core machine and the
 * full rate would make this a CPU benchmark rather than a correctness test. Every client must
 * receive every event exactly once, in order (sequence numbers in process.pid), with no
 * errors and nothing dropped; the soak records the throughput actually achieved.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "../gateway.js";
import { startFakeAgent } from "../testing/fake-agent.js";
import { execEvent, waitFor } from "../testing/fixtures.js";
import { cleanupStack, recordFigure, seqOf, soak, watch } from "../testing/reliability.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

const clients = 20;
const perSecond = soak ? 2_000 : 250;
const seconds = soak ? 60 : 5;

describe("load", () => {
  it(
    `${String(clients)} gRPC-Web clients × ${String(perSecond)} events/s for ${String(seconds)} s: every event, in order`,
    async () => {
      const total = perSecond * seconds;
      const agent = await startFakeAgent({
        paced: { perSecond, total, make: (seq) => execEvent("load-node", "/bin/load", seq) },
      });
      cleanup.push(() => agent.close());
      const logs: string[] = [];
      const gateway = await startGateway({
        agents: [agent.address],
        port: 0,
        staticDir: "/nonexistent",
        log: (line) => logs.push(line),
      });
      cleanup.push(() => gateway.close());

      const started = Date.now();
      const problems: string[] = [];
      const tabs = Array.from({ length: clients }, (_, i) => {
        let expected = 0;
        return watch(gateway.url, {
          keep: false,
          onEvent: (res) => {
            const seq = seqOf(res);
            if (seq !== expected && problems.length < 10)
              problems.push(
                `client ${String(i)}: got ${String(seq)}, expected ${String(expected)}`,
              );
            expected = (seq ?? expected) + 1;
          },
        });
      });
      for (const t of tabs)
        cleanup.push(async () => {
          t.abort();
          await t.ended;
        });
      await waitFor(
        () => tabs.every((t) => t.count() === total),
        "every client to receive every event",
        soak ? 540_000 : 30_000,
      );
      const elapsedS = (Date.now() - started) / 1000;
      expect(problems).toEqual([]);
      expect(gateway.droppedEvents()).toBe(0);
      for (const t of tabs) t.abort();
      const ends = await Promise.all(tabs.map((t) => t.ended));
      // Aborted by us: Canceled, never a server-side error.
      expect(ends.every((e) => e === undefined || e.rawMessage.includes("aborted"))).toBe(true);
      expect(logs.filter((l) => /reconnecting|ended with/.test(l))).toEqual([]);
      recordFigure("load", {
        clients,
        perSecond,
        seconds,
        delivered: total * clients,
        elapsedS: Number(elapsedS.toFixed(1)),
        achievedPerSecondTotal: Math.round((total * clients) / elapsedS),
      });
    },
    (soak ? 600 : 45) * 1000,
  );
});
