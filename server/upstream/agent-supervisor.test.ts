/**
 * The supervisor against stub targets under a manual clock: the target decides how dials
 * and probes end, the clock decides when the next dial happens.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { AgentState } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { waitFor } from "../testing/fixtures.js";
import { ManualClock } from "../testing/manual-clock.js";
import type { AgentConnection } from "./agent-transport.js";
import type { AgentTarget } from "./agent-target.js";
import { AgentSupervisor } from "./agent-supervisor.js";

/** A connection whose GetHealth answers as `health` says at the time of the call. */
function stubConnection(health: () => Promise<unknown>, unary = true): AgentConnection {
  return {
    unary,
    transport: "stub",
    client: { getHealth: health } as unknown as AgentConnection["client"],
    getEventMessages: () => {
      throw new Error("not used");
    },
    abort: () => undefined,
  };
}

function supervise(target: AgentTarget, clock: ManualClock): AgentSupervisor {
  return new AgentSupervisor(target, {
    clock,
    log: () => undefined,
    backoff: { initialMs: 100, maxMs: 1_000 },
  });
}

describe("AgentSupervisor", () => {
  it("re-dials on the injected clock and reports the target's own failure reason", async () => {
    const clock = new ManualClock();
    let healthy = false;
    let dials = 0;
    const target: AgentTarget = {
      id: "stub:a",
      display: "node-a (stub)",
      dial: () => {
        dials++;
        return stubConnection(() =>
          healthy
            ? Promise.resolve({})
            : Promise.reject(new ConnectError("refused", Code.Unavailable)),
        );
      },
      describeFailure: (err, ctx) =>
        `stub failed: ${ConnectError.from(err).rawMessage}, reached before: ${String(ctx.everConnected)}`,
      statusDetails: () => ({ nodeName: "node-a" }),
    };
    const supervisor = supervise(target, clock);
    supervisor.start();
    await waitFor(() => supervisor.status().state === AgentState.RECONNECTING, "first failure");
    const down = supervisor.status();
    expect(down.address).toBe("node-a (stub)");
    expect(down.nodeName).toBe("node-a");
    expect(down.reason).toBe("stub failed: refused, reached before: false");
    expect(down.gaps).toHaveLength(1);
    expect(down.gaps[0]?.end).toBeUndefined();
    // Nothing happens until the clock says so.
    expect(clock.pending()).toEqual([down.retryInMs]);
    expect(dials).toBe(1);

    healthy = true;
    expect(clock.fireNext()).toBe(true);
    await waitFor(() => supervisor.status().state === AgentState.IDLE, "up again");
    const up = supervisor.status();
    expect(dials).toBe(2);
    expect(up.gaps[0]?.end).toBeDefined();
    expect(up.reason).toBe("");
    supervisor.close();
    expect(clock.pending()).toEqual([]);
  });

  it("skips the GetHealth probe for a stream-only connection", async () => {
    const clock = new ManualClock();
    let probed = 0;
    const supervisor = supervise(
      {
        id: "exec:a",
        display: "exec a",
        dial: () =>
          stubConnection(() => {
            probed++;
            return Promise.reject(new ConnectError("no unary here", Code.Unimplemented));
          }, false),
      },
      clock,
    );
    supervisor.start();
    await waitFor(() => supervisor.status().state === AgentState.IDLE, "up");
    expect(probed).toBe(0);
    supervisor.close();
  });

  it("a removed agent keeps an open gap that says why", async () => {
    const clock = new ManualClock();
    const supervisor = supervise(
      { id: "a", display: "a", dial: () => stubConnection(() => Promise.resolve({})) },
      clock,
    );
    supervisor.start();
    await waitFor(() => supervisor.status().state === AgentState.IDLE, "up");
    supervisor.close("pod deleted");
    const status = supervisor.status();
    expect(status.state).toBe(AgentState.STOPPED);
    expect(status.reason).toBe("pod deleted");
    expect(status.gaps.map((g) => [g.reason, g.end])).toEqual([["pod deleted", undefined]]);
    await expect(supervisor.ready(new AbortController().signal)).rejects.toThrow("shutting down");
  });
});

describe("AgentSupervisor health checks", () => {
  /** A target whose GetHealth answers only when the test says, with the given outcome. */
  function slowTarget() {
    let answer: ((err?: Error) => void) | undefined;
    let calls = 0;
    const target: AgentTarget = {
      id: "slow",
      display: "slow",
      dial: () =>
        stubConnection(() => {
          calls++;
          // The first probe (the dial) answers at once; later ones when the test says.
          if (calls === 1) return Promise.resolve({});
          return new Promise((resolve, reject) => {
            answer = (err) => {
              if (err === undefined) resolve({});
              else reject(err);
            };
          });
        }),
    };
    return { target, timeOut: () => answer?.(new ConnectError("slow", Code.DeadlineExceeded)) };
  }

  it("a probe that times out while events keep arriving does not mark the agent lost", async () => {
    const clock = new ManualClock();
    const slow = slowTarget();
    const supervisor = supervise(slow.target, clock);
    supervisor.start();
    await waitFor(() => supervisor.status().state === AgentState.IDLE, "up");
    clock.fireNext(); // the periodic health check starts
    supervisor.noteEvent("node-a"); // an event arrives while it waits
    slow.timeOut();
    // Pending now: the slow-probe log summary (10 s) and the next health check (15 s).
    await waitFor(() => clock.pending().join() === "10000,15000", "the next health check");
    expect(supervisor.status().state).toBe(AgentState.IDLE);
    expect(supervisor.status().gaps).toHaveLength(0);

    // The same timeout with no event meanwhile: a frozen agent, lost.
    clock.fireNext(); // the log summary
    clock.fireNext(); // the health check
    slow.timeOut();
    await waitFor(() => supervisor.status().state === AgentState.RECONNECTING, "lost");
    expect(supervisor.status().gaps).toHaveLength(1);
    supervisor.close();
  });
});
