import { Code } from "@connectrpc/connect";
import { describe, expect, it, vi } from "vitest";
import { createDashboardApi } from "../api/clients";
import { classifyStreamError } from "../api/errors";
import type { GetEventsResponse } from "../gen/tetragon/events_pb";
import type { Gap } from "../protocol/protocol";
import { FakeClock } from "../testing/fake-clock";
import { createFakeGateway, execEvent, type StreamScript } from "../testing/fake-transport";
import { OPEN_SETTLE_MS, StreamConnection } from "./connection";
import { reconnectDelay, type BackoffOptions } from "./reconnect-backoff";

const backoff: BackoffOptions = {
  initialMs: 1000,
  maxMs: 10_000,
  factor: 2,
  jitter: 0.5,
  random: () => 0.5,
};

function setup(scripts: StreamScript[]) {
  const clock = new FakeClock();
  const gateway = createFakeGateway(scripts);
  const api = createDashboardApi(gateway.transport);
  const received: GetEventsResponse[] = [];
  const gaps: Gap[] = [];
  const connection = new StreamConnection<GetEventsResponse>({
    clock,
    source: (signal, onOpen) => api.getEvents(signal, onOpen),
    sink: (message) => received.push(message),
    onGap: (gap) => gaps.push(gap),
    classify: classifyStreamError,
    backoff,
  });
  const phase = () => connection.state.getSnapshot().phase;
  return { clock, gateway, connection, received, gaps, phase };
}

describe("StreamConnection", () => {
  it("goes live, reconnects with backoff after a failure, and reports the gap", async () => {
    const { clock, gateway, connection, received, gaps, phase } = setup([
      {
        events: [execEvent("n1", "/bin/a"), execEvent("n1", "/bin/b")],
        then: { kind: "error", code: Code.Unavailable, message: "agent gone" },
      },
      { events: [execEvent("n1", "/bin/c")], then: { kind: "hang" } },
    ]);
    expect(phase()).toBe("idle");
    const done = connection.start();
    await vi.waitFor(() => {
      expect(phase()).toBe("reconnecting");
    });
    expect(received.map((r) => r.nodeName)).toEqual(["n1", "n1"]);
    const state = connection.state.getSnapshot();
    expect(state).toMatchObject({ phase: "reconnecting", attempt: 1, delayMs: 1000 });
    expect(state.phase === "reconnecting" && state.reason).toMatch(/agent gone/);
    const brokeAt = clock.now();

    clock.advance(999);
    expect(gateway.calls()).toBe(1);
    clock.advance(1);
    await vi.waitFor(() => {
      expect(phase()).toBe("live");
    });
    expect(gateway.calls()).toBe(2);
    await vi.waitFor(() => {
      expect(received).toHaveLength(3);
    });
    expect(gaps).toEqual([
      {
        startMs: brokeAt,
        endMs: brokeAt + 1000,
        node: "",
        reason: expect.stringMatching(/agent gone/) as unknown,
        source: "browser",
      },
    ]);

    connection.stop();
    await done;
    expect(phase()).toBe("stopped");
    await vi.waitFor(() => {
      expect(gateway.cancelled()).toBe(1);
    });
  });

  it("backs off longer on each failed attempt until a stream opens", async () => {
    const fail = { kind: "error", code: Code.Unavailable, message: "down" } as const;
    const { clock, connection, gaps } = setup([
      { events: [], then: fail },
      { events: [], then: fail },
      { events: [], then: fail },
    ]);
    void connection.start();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await vi.waitFor(() => {
        const s = connection.state.getSnapshot();
        expect(s.phase === "reconnecting" && s.attempt).toBe(attempt);
      });
      const s = connection.state.getSnapshot();
      if (s.phase === "reconnecting") delays.push(s.delayMs);
      clock.advance(s.phase === "reconnecting" ? s.delayMs : 0);
    }
    expect(delays).toEqual([1, 2, 3].map((a) => reconnectDelay(a, backoff)));
    // Never live, so no browser gap was opened.
    expect(gaps).toEqual([]);
    connection.stop();
  });

  it("stops on a permanent error instead of retrying", async () => {
    const { connection, gateway, phase } = setup([
      { events: [], then: { kind: "error", code: Code.Unimplemented, message: "no such method" } },
    ]);
    await connection.start();
    expect(phase()).toBe("stopped");
    const s = connection.state.getSnapshot();
    expect(s.phase === "stopped" && s.reason).toMatch(/does not serve/);
    expect(gateway.calls()).toBe(1);
  });

  it("retryNow skips the remaining delay", async () => {
    const { clock, connection, gateway, phase } = setup([
      { events: [], then: { kind: "error", code: Code.Unavailable, message: "down" } },
      { events: [execEvent("n1", "/bin/a")], then: { kind: "hang" } },
    ]);
    void connection.start();
    await vi.waitFor(() => {
      expect(phase()).toBe("reconnecting");
    });
    connection.retryNow();
    await vi.waitFor(() => {
      expect(phase()).toBe("live");
    });
    expect(gateway.calls()).toBe(2);
    expect(clock.pendingTimers).toBe(0);
    connection.stop();
  });

  it("counts a stream that opens without events as live once it stays open", async () => {
    // A hand-made source: headers arrive, then nothing until cancelled.
    const clock = new FakeClock();
    const connection = new StreamConnection<GetEventsResponse>({
      clock,
      source: (signal, onOpen) => ({
        async *[Symbol.asyncIterator]() {
          onOpen();
          await new Promise<void>((resolve) => {
            signal.addEventListener("abort", () => {
              resolve();
            });
          });
          yield* [];
        },
      }),
      sink: () => {},
      onGap: () => {},
      classify: classifyStreamError,
      backoff,
    });
    void connection.start();
    await vi.waitFor(() => {
      expect(clock.pendingTimers).toBe(1);
    });
    expect(connection.state.getSnapshot().phase).toBe("connecting");
    clock.advance(OPEN_SETTLE_MS);
    expect(connection.state.getSnapshot().phase).toBe("live");
    connection.stop();
  });
});
