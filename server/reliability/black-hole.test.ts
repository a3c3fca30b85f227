/**
 * Black-hole agents with DEFAULT gateway settings: a port that accepts TCP and never speaks,
 * and an HTTP/2 server that never answers a request. The gateway must detect both (GetStatus
 * RECONNECTING with a reason naming the timeout: the dial is bounded by the 5 s GetHealth
 * probe) and forwarded unary calls must fail (DeadlineExceeded or Unavailable) instead of
 * hanging, while the browser's event stream stays open. How long detection takes is a figure
 * (detectedMs, printed by `npm run soak`); the 45 s waits below only bound a hang.
 * And an agent that freezes mid-stream (behind a freezable TCP proxy): the periodic GetHealth
 * probe (every 15 s by default, 5 s timeout) detects it — with the default interval under
 * SOAK=1 (≤ 20 s), a 500 ms interval in `npm test` — and the stream resumes after it thaws.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { AgentState } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { startGateway } from "../gateway.js";
import { type BlackHoleKind, startBlackHole } from "../testing/black-hole.js";
import { startFakeAgent } from "../testing/fake-agent.js";
import { execEvent, sensorsClient, statusClient, waitFor } from "../testing/fixtures.js";
import { startFreezeProxy } from "../testing/freeze-proxy.js";
import { cleanupStack, recordFigure, soak, watch } from "../testing/reliability.js";

/** A call that hangs would end with Canceled from this guard, failing the expectation. */
const hangGuardMs = 20_000;

describe.concurrent("black-hole agent, default settings", () => {
  it.each<BlackHoleKind>(["tcp", "h2"])(
    "%s: detected with a timeout reason; unary calls fail instead of hanging",
    async (kind) => {
      // Per test, not afterEach: the two cases run concurrently.
      const cleanup = cleanupStack();
      try {
        await blackHoleCase(kind, cleanup);
      } finally {
        await cleanup.run();
      }
    },
    50_000,
  );
});

async function blackHoleCase(kind: BlackHoleKind, cleanup: ReturnType<typeof cleanupStack>) {
  const hole = await startBlackHole(kind);
  cleanup.push(() => hole.close());
  const started = Date.now();
  const gateway = await startGateway({
    agents: [hole.address],
    port: 0,
    staticDir: "/nonexistent",
    log: () => undefined,
  });
  cleanup.push(() => gateway.close());
  const tab = watch(gateway.url);
  cleanup.push(async () => {
    tab.abort();
    await tab.ended;
  });
  const status = statusClient(gateway.url);
  await waitFor(
    async () => (await status.getStatus({})).agents[0]?.state === AgentState.RECONNECTING,
    "the black hole to be detected",
    45_000,
  );
  const detectedMs = Date.now() - started;
  const agent = (await status.getStatus({})).agents[0]!;
  expect(agent.reason).toContain("did not answer within 5 s");
  expect(agent.reason).toContain("timeout");
  expect(agent.lastError).toContain("DeadlineExceeded");
  if (kind === "h2") expect(hole.requests()).toBeGreaterThan(0);

  const client = sensorsClient(gateway.url);
  const calls = [
    client.getHealth({}, { signal: AbortSignal.timeout(hangGuardMs) }),
    client.getVersion({}, { signal: AbortSignal.timeout(hangGuardMs) }),
  ];
  for (const call of calls) {
    const err = await call.then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    expect([Code.DeadlineExceeded, Code.Unavailable]).toContain(err?.code);
  }
  // The browser stream waits for the agent instead of failing.
  expect(await Promise.race([tab.ended.then(() => "ended"), Promise.resolve("open")])).toBe("open");
  recordFigure(`black-hole-${kind}`, { detectedMs });
}

describe("agent frozen mid-stream", () => {
  it(`detected by the health probe (${soak ? "default 15 s" : "500 ms"} interval), stream resumes after the thaw`, async () => {
    const cleanup = cleanupStack();
    try {
      let phase = "before";
      const agent = await startFakeAgent({
        paced: { perSecond: 50, make: (seq) => execEvent(phase, "/bin/tick", seq) },
      });
      cleanup.push(() => agent.close());
      const [host, port] = agent.address.split(":");
      const proxy = await startFreezeProxy({ host: host!, port: Number(port) });
      cleanup.push(() => proxy.close());
      const gateway = await startGateway({
        agents: [proxy.address],
        port: 0,
        staticDir: "/nonexistent",
        log: () => undefined,
        ...(soak ? {} : { healthIntervalMs: 500 }),
      });
      cleanup.push(() => gateway.close());
      const last = { node: "" };
      const tab = watch(gateway.url, {
        keep: false,
        onEvent: (res) => {
          last.node = res.nodeName;
        },
      });
      cleanup.push(async () => {
        tab.abort();
        await tab.ended;
      });
      await waitFor(() => last.node === "before", "events before the freeze");

      proxy.freeze();
      const frozenAt = Date.now();
      const status = statusClient(gateway.url);
      await waitFor(
        async () => (await status.getStatus({})).agents[0]?.state === AgentState.RECONNECTING,
        "the frozen agent to be detected",
        45_000,
      );
      const detectedMs = Date.now() - frozenAt;
      expect((await status.getStatus({})).agents[0]!.reason).toContain("did not answer within 5 s");

      phase = "after";
      proxy.thaw();
      await waitFor(() => last.node === "after", "events after the thaw", 15_000);
      expect(await Promise.race([tab.ended.then(() => "ended"), Promise.resolve("open")])).toBe(
        "open",
      );
      recordFigure("frozen-agent", { healthIntervalMs: soak ? 15_000 : 500, detectedMs });
    } finally {
      await cleanup.run();
    }
  }, 60_000);
});
