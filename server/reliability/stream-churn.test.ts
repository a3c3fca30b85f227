/**
 * 1,000 client streams (5,000 under SOAK=1) opened and aborted in batches, over gRPC-Web (HTTP/1.1) and over
 * Connect: half of each batch is aborted at once (before its upstream stream is open), half
 * once the agent holds the upstream stream. After the last abort the agent's open streams,
 * the gateway's upstream counter, the browser queues and the gateway's client sockets all go
 * back to zero, and the gateway still uses one HTTP/2 session to the agent. How long that
 * takes is a figure (settledMs, printed by `npm run soak`), not a pass/fail bound.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "../gateway.js";
import { startFakeAgent } from "../testing/fake-agent.js";
import { type Protocol, execEvent, waitFor } from "../testing/fixtures.js";
import { cleanupStack, recordFigure, soak, watch } from "../testing/reliability.js";
import { upstreamGoawaysReceived } from "../upstream/agent-transport.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

const streams = soak ? 5_000 : 1_000;
const batch = 50;

/**
 * A request of its own per tab: tabs with equal requests share one upstream stream (fan-out
 * in the gateway), and this test churns upstream streams.
 */
const ownRequest = (n: number) => ({ denyList: [{ binaryRegex: [`^churn-${String(n)}$`] }] });

describe("stream churn", () => {
  it.each<Protocol>(["grpc-web", "connect"])(
    `%s: ${String(streams)} streams opened and aborted leave nothing behind`,
    async (protocol) => {
      const agent = await startFakeAgent({ events: [execEvent("churn", "/bin/churn", 1)] });
      cleanup.push(() => agent.close());
      const gateway = await startGateway({
        agents: [agent.address],
        port: 0,
        staticDir: "/nonexistent",
        log: () => undefined,
      });
      cleanup.push(() => gateway.close());
      await waitFor(() => agent.sessions() === 1, "the gateway's connection to the agent");

      const goawaysBefore = upstreamGoawaysReceived();
      const started = Date.now();
      for (let done = 0; done < streams; done += batch) {
        const tabs = Array.from({ length: batch }, (_, i) =>
          watch(gateway.url, { protocol, request: ownRequest(done + i) }),
        );
        const early = tabs.slice(0, batch / 2);
        const late = tabs.slice(batch / 2);
        for (const t of early) t.abort();
        await waitFor(
          () => late.every((t) => t.count() >= 1),
          "the late half to receive an event (upstream open)",
        );
        for (const t of late) t.abort();
        const ends = await Promise.all(tabs.map((t) => t.ended));
        expect(ends.every((e) => e === undefined || /abort/i.test(e.rawMessage))).toBe(true);
      }
      const lastAbort = Date.now();
      await waitFor(
        () =>
          agent.openStreams() === 0 &&
          gateway.upstreamStreamsOpen() === 0 &&
          gateway.queuedEvents() === 0 &&
          gateway.openConnections() === 0,
        "everything back to baseline",
      );
      const settledMs = Date.now() - lastAbort;
      // Known limit, seen only in the soak (5,000 streams): past ~1,000 quick resets the Node
      // HTTP/2 server in the fake agent answers with GOAWAY (nghttp2's rapid-reset guard;
      // grpc-go agents do not) and keeps that connection open, as does connect-node's session
      // manager, which moves new streams to a fresh connection. So each GOAWAY the gateway
      // received leaves one idle connection (no stream); any other extra one would be a leak.
      const sessions = agent.sessions();
      const goaways = upstreamGoawaysReceived() - goawaysBefore;
      if (!soak) expect(goaways).toBe(0);
      expect(sessions).toBe(1 + goaways);
      expect(agent.callsTo("GetEvents")).toBeLessThanOrEqual(streams);
      expect(agent.callsTo("GetEvents")).toBeGreaterThanOrEqual(streams / 2);
      recordFigure(`stream-churn-${protocol}`, {
        streams,
        elapsedS: Number(((lastAbort - started) / 1000).toFixed(1)),
        settledMs,
        agentSessionsAfter: sessions,
        agentGoaways: goaways,
      });
    },
    // Hang guards, ~10x what a quiet 2-core machine needs.
    (soak ? 300 : 120) * 1000,
  );
});
