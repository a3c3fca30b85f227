/**
 * The agent is killed and restarted on the same port while a gRPC-Web client streams through
 * the gateway (default backoff). Each outage outlasts one to three failed re-dials (counted
 * by the gateway, not timed). After each return the client's stream keeps flowing with events
 * from the restarted agent, GetStatus shows one closed gap per outage, and no upstream stream
 * or HTTP/2 session is leaked. The time from the agent's return to its first event reaching
 * the client is a figure (reconnect p50/max, printed by `npm run soak`), not a bound.
 * 5 restarts in `npm test`, 20 under SOAK=1.
 */
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { afterEach, describe, expect, it } from "vitest";
import { AgentState } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { startGateway } from "../gateway.js";
import { startFakeAgent } from "../testing/fake-agent.js";
import { execEvent, statusClient, waitFor } from "../testing/fixtures.js";
import { cleanupStack, percentile, recordFigure, soak, watch } from "../testing/reliability.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

const restarts = soak ? 20 : 5;

describe("agent killed and restarted mid-stream", () => {
  it(
    `resumes after each of ${String(restarts)} restarts, with one gap each and no leaks`,
    async () => {
      let generation = 0;
      const agent = await startFakeAgent({
        paced: {
          perSecond: 100,
          make: (seq) => execEvent(`gen-${String(generation)}`, "/bin/tick", seq),
        },
      });
      cleanup.push(() => agent.close());
      const gateway = await startGateway({
        agents: [agent.address],
        port: 0,
        staticDir: "/nonexistent",
        log: () => undefined,
      });
      cleanup.push(() => gateway.close());
      const status = statusClient(gateway.url);
      const latest = { node: "" };
      const tab = watch(gateway.url, {
        keep: false,
        onEvent: (res) => {
          latest.node = res.nodeName;
        },
      });
      cleanup.push(async () => {
        tab.abort();
        await tab.ended;
      });
      await waitFor(() => latest.node === "gen-0", "first event");

      const reconnectMs: number[] = [];
      for (let i = 1; i <= restarts; i++) {
        await agent.kill();
        // Attempt 1 is the loss itself; each failed re-dial adds one. 1 to 3 failed re-dials
        // land the agent's return on different backoff steps.
        const attempts = 2 + (i % 3);
        await waitFor(
          async () => {
            const a = (await status.getStatus({})).agents[0];
            return a?.state === AgentState.RECONNECTING && a.attempt >= attempts;
          },
          `${String(attempts - 1)} failed re-dials after kill ${String(i)}`,
        );
        generation = i;
        await agent.restart();
        const back = Date.now();
        await waitFor(
          () => latest.node === `gen-${String(i)}`,
          `first event after restart ${String(i)}`,
        );
        reconnectMs.push(Date.now() - back);
        // One client → exactly one upstream stream on one HTTP/2 connection.
        expect(agent.openStreams()).toBe(1);
        expect(agent.sessions()).toBe(1);
        expect(gateway.upstreamStreamsOpen()).toBe(1);
      }

      expect(await Promise.race([tab.ended.then(() => "ended"), Promise.resolve("open")])).toBe(
        "open",
      );
      const agentStatus = (await status.getStatus({})).agents[0]!;
      expect(agentStatus.state).toBe(AgentState.CONNECTED);
      expect(agentStatus.gaps).toHaveLength(restarts);
      for (const gap of agentStatus.gaps) {
        expect(gap.start).toBeDefined();
        expect(gap.end).toBeDefined();
        expect(timestampMs(gap.end!)).toBeGreaterThanOrEqual(timestampMs(gap.start!));
        expect(gap.reason).toContain("Lost the connection to Tetragon");
      }

      tab.abort();
      await tab.ended;
      await waitFor(
        () => agent.openStreams() === 0 && gateway.upstreamStreamsOpen() === 0,
        "upstream streams back to baseline",
      );
      recordFigure("agent-restarts", {
        restarts,
        reconnectP50Ms: percentile(reconnectMs, 50),
        reconnectMaxMs: Math.max(...reconnectMs),
        gaps: agentStatus.gaps.length,
      });
    },
    // Hang guards, ~10x what a quiet 2-core machine needs: the test waits for states, so a
    // slower or busier machine only takes longer.
    (soak ? 300 : 120) * 1000,
  );
});
