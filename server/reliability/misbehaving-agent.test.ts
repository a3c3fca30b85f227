/**
 * A misbehaving agent under many open browser streams (the review's crash scenario, scaled
 * to a test): one agent fails its streams at random with Unknown (as a gRPC C-core server
 * does when its handler raises) and has its connections reset twice; a second agent is
 * healthy. 40 reading streams over 4 distinct requests (so some share an upstream stream and
 * some do not) and 40 stalled streams stay open throughout.
 *
 * Asserted: the gateway stays up and serving; the healthy agent's streams are never
 * re-opened (its GetEvents calls = the distinct requests) and every reader keeps receiving
 * its events; a failed stream is retried alone (the flaky agent's calls grow by about one
 * per failure, not by one per open stream) and does not mark the agent lost (its gaps are
 * the connection resets only); unary calls to the flaky agent all succeed while its streams
 * fail. Bounded by counts (failures, resets, events), not by time.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, describe, expect, it } from "vitest";
import { AgentState } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { createRng } from "../demo/rng.js";
import { startGateway } from "../gateway.js";
import { startFakeAgent } from "../testing/fake-agent.js";
import { execEvent, sensorsClient, statusClient, waitFor } from "../testing/fixtures.js";
import { cleanupStack, type Watcher, watch } from "../testing/reliability.js";
import { openStalledStream } from "../testing/stalled-client.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

const requests = [0, 1, 2, 3].map((n) => ({
  denyList: [{ binaryRegex: [`^never-${String(n)}$`] }],
}));
const readers = 40;
const stalled = 40;
const failuresWanted = 30;
const resets = 2;

describe("a misbehaving agent", () => {
  it("fails streams at random and resets connections: the gateway serves on, failures stay local", async () => {
    const rng = createRng(13);
    const healthy = await startFakeAgent({
      paced: { perSecond: 50, make: (seq) => execEvent("healthy", "/bin/ok", seq) },
    });
    cleanup.push(() => healthy.close());
    let failing = true;
    const flaky = await startFakeAgent({
      paced: {
        perSecond: 50,
        make: (seq) => execEvent("flaky", "/bin/flaky", seq),
        failStream: () => failing && rng.chance(0.02),
      },
    });
    cleanup.push(() => flaky.close());
    const gateway = await startGateway({
      agents: [healthy.address, flaky.address],
      port: 0,
      staticDir: "/nonexistent",
      log: () => undefined,
      backoff: { initialMs: 20, maxMs: 200 },
    });
    cleanup.push(() => gateway.close());

    const healthyEvents = new Array<number>(readers).fill(0);
    const tabs: Watcher[] = Array.from({ length: readers }, (_, i) =>
      watch(gateway.url, {
        request: requests[i % requests.length]!,
        keep: false,
        onEvent: (e) => {
          if (e.nodeName === "healthy") healthyEvents[i]!++;
        },
      }),
    );
    cleanup.push(async () => {
      for (const t of tabs) t.abort();
      await Promise.all(tabs.map((t) => t.ended));
    });
    const frozen = await Promise.all(
      Array.from({ length: stalled }, (_, i) =>
        // From another loopback address: 80 streams from one would pass the per-address limit.
        openStalledStream(gateway.url, {
          request: requests[i % requests.length]!,
          localAddress: "127.0.0.2",
        }),
      ),
    );
    cleanup.push(async () => {
      for (const s of frozen) s.close();
      await Promise.resolve();
    });
    await waitFor(() => healthyEvents.every((n) => n > 0), "every reader's first healthy event");

    // Phase 1: streams fail at random; unary calls to the flaky agent go on meanwhile.
    const client = sensorsClient(gateway.url);
    let unaryCalls = 0;
    const unaryErrors: string[] = [];
    while (flaky.failedStreams() < failuresWanted) {
      await client.getVersion({}, { headers: { "tetragon-agent": flaky.address } }).then(
        () => undefined,
        (e: unknown) => unaryErrors.push(Code[ConnectError.from(e).code]),
      );
      unaryCalls++;
      await new Promise((r) => setTimeout(r, 10));
    }
    failing = false;
    expect(unaryErrors).toEqual([]);
    expect(unaryCalls).toBeGreaterThan(0);
    const status = statusClient(gateway.url);
    const flakyStatus = async () =>
      (await status.getStatus({})).agents.find((a) => a.address === flaky.address)!;
    // Failed streams were retried alone: no outage recorded, the agent stayed connected.
    expect((await flakyStatus()).gaps).toHaveLength(0);
    expect((await flakyStatus()).state).toBe(AgentState.CONNECTED);
    // One re-open per failure (each shared stream is opened once per request at the start).
    await waitFor(
      () => flaky.openStreams() === requests.length,
      "the flaky agent's streams re-opened",
    );
    const callsAfterFailures = flaky.callsTo("GetEvents");
    expect(callsAfterFailures).toBeLessThanOrEqual(requests.length + flaky.failedStreams());

    // Phase 2: connection resets mark the agent lost, once each.
    for (let r = 1; r <= resets; r++) {
      const before = healthyEvents.map((n) => n);
      flaky.resetConnections();
      await waitFor(async () => (await flakyStatus()).gaps.length === r, `gap ${String(r)}`);
      await waitFor(
        async () => (await flakyStatus()).gaps[r - 1]?.end !== undefined,
        `reconnected after reset ${String(r)}`,
      );
      // The healthy agent's events kept flowing to every reader.
      await waitFor(
        () => healthyEvents.every((n, i) => n > before[i]!),
        "healthy events to every reader after the reset",
      );
    }
    await waitFor(() => flaky.openStreams() === requests.length, "flaky streams back");

    // The healthy agent's streams were never re-opened; every reader is still open.
    expect(healthy.callsTo("GetEvents")).toBe(requests.length);
    expect(healthy.openStreams()).toBe(requests.length);
    const open = await Promise.all(
      tabs.map((t) => Promise.race([t.ended.then(() => "ended"), Promise.resolve("open")])),
    );
    expect(open.every((o) => o === "open")).toBe(true);
    expect(frozen.every((s) => s.status === 200)).toBe(true);
    expect(gateway.browserStreams()).toBe(readers + stalled);
    expect((await status.getStatus({})).agents).toHaveLength(2);
  }, 60_000);
});
