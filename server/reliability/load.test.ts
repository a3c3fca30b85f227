/**
 * Load: 20 gRPC-Web clients through one gateway, the fake agent pacing events per stream for
 * a fixed time. SOAK=1: 2,000 events/s per client for 60 s (the target). `npm test`: 250/s
 * for 5 s. Agent, gateway and all 20 clients share one process (and, on the development
 * machine, 2 cores with other suites), so the rate is a target: when the machine cannot keep
 * up, HTTP/2 flow control slows the agent down and the test records the rate achieved.
 * What is asserted is correctness under that load: every client receives every event the
 * agent sent on its stream, exactly once, in order (sequence numbers in process.pid), with no
 * errors, no reconnects and nothing dropped.
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
      const agent = await startFakeAgent({
        paced: {
          perSecond,
          durationMs: seconds * 1000,
          make: (seq) => execEvent("load-node", "/bin/load", seq),
        },
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
      await waitFor(() => agent.openStreams() === clients, "every upstream stream");
      const started = Date.now();
      await waitFor(() => agent.pacingStreams() === 0, "the agent to finish", seconds * 1000 * 6);
      const sentS = (Date.now() - started) / 1000;
      const sent = agent.pacedSent();
      await waitFor(
        () => tabs.reduce((n, t) => n + t.count(), 0) === sent,
        "every client to receive every event sent",
        60_000,
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
        delivered: sent,
        targetTotal: clients * perSecond * seconds,
        elapsedS: Number(elapsedS.toFixed(1)),
        achievedPerSecondTotal: Math.round(sent / sentS),
      });
    },
    (soak ? 600 : 45) * 1000,
  );
});
