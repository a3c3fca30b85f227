/**
 * Malformed upstream answers, written by hand on node:http2 (raw-h2-agent.ts). Decision for
 * every case: a broken upstream stream is an agent failure, not the browser's problem. The
 * browser stream stays open (it got the valid events sent before the fault), the agent is
 * marked RECONNECTING with "sent an invalid message: …" in GetStatus, the gateway keeps
 * serving, and the re-dials back off (a permanently broken agent is not hammered: every
 * re-dial waits at least the first backoff step's floor). No byte of the malformed payloads
 * reaches a log line.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { AgentState } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { startGateway } from "../gateway.js";
import { execEvent, sensorsClient, statusClient, waitFor } from "../testing/fixtures.js";
import { type Fault, allFaults, startRawAgent } from "../testing/raw-h2-agent.js";
import { cleanupStack, recordFigure, watch } from "../testing/reliability.js";
import { defaultBackoff } from "../upstream/backoff.js";

const marker = "<script>alert(1)</script>";
/**
 * The shortest wait the default backoff allows before a re-dial (half the first ceiling). A
 * lower bound holds on any machine: timers never fire early, a slower machine only waits
 * longer. A hot loop would re-dial within a millisecond or two.
 */
const minRedialGapMs = defaultBackoff.initialMs / 2;
const redialsObserved = 3;

describe.concurrent("malformed upstream (default backoff)", () => {
  it.each<Fault>([...allFaults])(
    "%s: stream stays open, agent reconnecting with a reason, backoff applies",
    async (fault) => {
      const cleanup = cleanupStack();
      try {
        const agent = await startRawAgent({
          fault,
          before: [execEvent("raw-node", "/bin/valid", 1)],
          marker,
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
        const tab = watch(gateway.url);
        cleanup.push(async () => {
          tab.abort();
          await tab.ended;
        });
        const status = statusClient(gateway.url);
        await waitFor(async () => {
          const a = (await status.getStatus({})).agents[0];
          return (
            a?.state === AgentState.RECONNECTING && a.reason.includes("sent an invalid message")
          );
        }, "the fault to be reported");
        const reported = (await status.getStatus({})).agents[0]!;
        expect(reported.reason).toContain(`Tetragon at ${agent.address} sent an invalid message`);
        expect(reported.gaps.length).toBeGreaterThanOrEqual(1);

        // Backoff, not a hot loop: the gaps between GetEvents calls over a few re-dials.
        await waitFor(
          () => agent.getEventsCalls() >= 1 + redialsObserved,
          `${String(redialsObserved)} re-dials`,
        );
        const times = agent.getEventsCallTimes();
        const gaps = times.slice(1).map((t, i) => Math.round(t - times[i]!));
        expect(
          Math.min(...gaps),
          `gaps between calls (ms): ${gaps.join(", ")}`,
        ).toBeGreaterThanOrEqual(minRedialGapMs);
        recordFigure(`malformed-${fault}`, { redialGapsMs: gaps.join(", ") });

        // The browser stream is still open and got the valid events (one per upstream try).
        expect(await Promise.race([tab.ended.then(() => "ended"), Promise.resolve("open")])).toBe(
          "open",
        );
        if (fault !== "unknown-compression") {
          expect(tab.got.length).toBeGreaterThanOrEqual(1);
          expect(tab.got.every((e) => e.nodeName === "raw-node")).toBe(true);
        }
        // The gateway survives: new calls are answered.
        expect((await status.getStatus({})).agents).toHaveLength(1);
        // GetHealth is answered by the agent when the link is up, else refused with
        // Unavailable and the reason: either way a clear answer, never a hang or a crash.
        const health = await sensorsClient(gateway.url)
          .getHealth({}, { signal: AbortSignal.timeout(15_000) })
          .then(
            () => "ok",
            (e: unknown) => Code[ConnectError.from(e).code],
          );
        expect(["ok", "Unavailable"]).toContain(health);

        for (const line of logs) {
          expect(line).not.toContain("script");
          expect(line).not.toContain("alert");
          expect(line).not.toContain("/bin/valid");
        }
        expect(logs.some((l) => l.includes("sent an invalid message"))).toBe(true);
      } finally {
        await cleanup.run();
      }
    },
    30_000,
  );
});
