/**
 * The gateway restarts on the same port while a client keeps retrying the way the browser
 * does (src/stream/backoff.ts: 500 ms doubling to 15 s, ±20 % jitter, reset once events
 * flow again), with connect-node's gRPC-Web client. The client must get events again from
 * the new gateway process on the same port.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Gateway, startGateway } from "../gateway.js";
import { startFakeAgent } from "../testing/fake-agent.js";
import { execEvent, sensorsClient, waitFor } from "../testing/fixtures.js";
import { cleanupStack } from "../testing/reliability.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

function browserBackoff(attempt: number): number {
  const base = Math.min(15_000, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 + 0.2 * (2 * Math.random() - 1)));
}

/** A retrying reader: reconnects with backoff whenever the stream fails or ends. */
function retryingClient(url: string) {
  const stop = new AbortController();
  const state = { events: 0, failures: 0, streams: 0 };
  const done = (async () => {
    let attempt = 0;
    while (!stop.signal.aborted) {
      try {
        state.streams++;
        for await (const res of sensorsClient(url).getEvents({}, { signal: stop.signal })) {
          if (res.nodeName !== "") attempt = 0;
          state.events++;
        }
      } catch {
        // (`reason`: the loop condition narrowed `aborted` to false for the checker.)
        if (stop.signal.reason !== undefined) return;
      }
      state.failures++;
      attempt++;
      await new Promise((r) => setTimeout(r, browserBackoff(attempt)));
    }
  })();
  return {
    state,
    stop: async () => {
      stop.abort();
      await done;
    },
  };
}

describe("gateway restart", () => {
  it("a retrying gRPC-Web client gets events again from a gateway restarted on the same port", async () => {
    const agent = await startFakeAgent({
      paced: { perSecond: 50, make: (seq) => execEvent("node-r", "/bin/tick", seq) },
    });
    cleanup.push(() => agent.close());
    const options = {
      agents: [agent.address],
      staticDir: "/nonexistent",
      log: () => undefined,
    };
    let gateway: Gateway = await startGateway({ ...options, port: 0 });
    const port = gateway.port;
    cleanup.push(() => gateway.close());

    const client = retryingClient(gateway.url);
    cleanup.push(() => client.stop());
    await waitFor(() => client.state.events > 5, "events from the first gateway");

    await gateway.close();
    await waitFor(() => client.state.failures > 0, "the client to see the gateway go away");
    await waitFor(() => agent.openStreams() === 0, "the old gateway's upstream stream to close");
    const before = client.state.events;

    gateway = await startGateway({ ...options, port });
    expect(gateway.port).toBe(port);
    await waitFor(
      () => client.state.events > before + 5,
      "events from the restarted gateway",
      20_000,
    );
    expect(client.state.streams).toBeGreaterThanOrEqual(2);
    expect(agent.openStreams()).toBe(1);
  }, 40_000);
});
