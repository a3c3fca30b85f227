/**
 * One supervisor per agent owns that agent's connection state, backoff and gaps.
 *
 * Data flow: the supervisor dials its AgentTarget and probes the connection (by default
 * GetHealth with a timeout); upstream streams (routes/upstream-hub.ts) call `ready()` and
 * wait on it, open their GetEvents on the connection it hands out, and report how it broke:
 * `reportFailure()` when the agent is at fault (malformed data, a socket error), or
 * `streamFailed()` when one stream ended on its own — then only that stream is retried and
 * the supervisor checks the connection with a probe. Only the supervisor re-dials, so a
 * hundred browser tabs cause one probe per backoff step, not a hundred.
 *
 * Invariants: `link` is set exactly while the agent is up; the agent is declared down only
 * by a failed dial, probe or connection (`lost`), or a fault reported with `reportFailure`;
 * each outage opens one Gap, closed when the agent is up again; a connection is aborted
 * (with all its streams) when it is declared down, and failures reported against an older
 * connection are ignored; at most one verifying probe runs at a time.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { create } from "@bufbuild/protobuf";
import {
  AgentState,
  type AgentStatus,
  AgentStatusSchema,
} from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import type { AgentConnection } from "./agent-transport.js";
import { type AgentTarget, probeWithGetHealth } from "./agent-target.js";
import {
  type FailureContext,
  genericFailureReason,
  isProtocolFault,
  shortError,
} from "./agent-reason.js";
import { type BackoffConfig, defaultBackoff, nextRetry } from "./backoff.js";
import { type Cancel, type Clock, realClock } from "./clock.js";
import { AgentActivity } from "./agent-activity.js";
import { LogThrottle } from "../log-throttle.js";

export interface SupervisorOptions {
  backoff?: BackoffConfig;
  /** GetHealth probe period while up, and its timeout. */
  healthIntervalMs?: number;
  probeTimeoutMs?: number;
  /** Up this long before a failure resets the backoff to its first step. */
  healthyResetMs?: number;
  /** Time and timers; default real time (tests inject a fake clock). */
  clock?: Clock;
  log: (line: string) => void;
}

/** What browser streams get from `ready()`: a live connection and its lifetime signal. */
export interface Link {
  connection: AgentConnection;
  /** Aborted when the supervisor declares this connection down. */
  signal: AbortSignal;
}

type Phase = "connecting" | "up" | "reconnecting" | "stopped";

export class AgentSupervisor {
  readonly target: AgentTarget;
  private readonly opts: Required<SupervisorOptions>;
  /** Also the clock of this agent's per-stream retries (routes/upstream-hub.ts). */
  readonly clock: Clock;
  private readonly streamLog: LogThrottle;
  /** The link a verifying probe is running for (one at a time). */
  private verifying: Link | undefined;
  private started = false;
  private phase: Phase = "connecting";
  private link: (Link & { controller: AbortController }) | undefined;
  private waiters = new Set<() => void>();
  private cancelTimer: Cancel | undefined;
  private attempt = 0;
  /** Backoff exponent of the current trouble period (see backoff.ts `nextRetry`). */
  private step = 0;
  /** Start of the current trouble period: the first failure since the agent was last healthy. */
  private troubleSince: number | undefined;
  /** An event arrived on the current link: the agent works, not just answers GetHealth. */
  private delivered = false;
  private retryAt = 0;
  /** When the agent last came up; 0 until it first does (then failures are "lost", not setup). */
  private upSince = 0;
  private reason = "";
  private lastError = "";
  private readonly activity = new AgentActivity();

  constructor(target: AgentTarget, options: SupervisorOptions) {
    this.target = target;
    this.opts = {
      backoff: defaultBackoff,
      healthIntervalMs: 15_000,
      probeTimeoutMs: 5_000,
      healthyResetMs: 10_000,
      clock: realClock,
      ...options,
    };
    this.clock = this.opts.clock;
    this.streamLog = new LogThrottle(this.opts.log, { clock: this.clock });
  }

  /** Backoff of this agent's re-dials, also used for retrying a single stream. */
  get backoff(): BackoffConfig {
    return this.opts.backoff;
  }

  /** The target's display name (logs, status, the `tetragon-agent` header). */
  get display(): string {
    return this.target.display;
  }

  /** Starts dialling; calling it again (or after close) does nothing. */
  start(): void {
    if (this.started || this.phase === "stopped") return;
    this.started = true;
    void this.dial();
  }

  /** Resolves with the live link once the agent is up; rejects when `signal` aborts. */
  ready(signal: AbortSignal): Promise<Link> {
    return new Promise<Link>((resolve, reject) => {
      const check = (): boolean => {
        if (signal.aborted) {
          reject(signal.reason as Error);
          return true;
        }
        if (this.phase === "stopped") {
          reject(new ConnectError("gateway is shutting down", Code.Unavailable));
          return true;
        }
        if (this.link !== undefined) {
          resolve(this.link);
          return true;
        }
        return false;
      };
      if (check()) return;
      const waiter = (): void => {
        if (check()) cleanup();
      };
      const cleanup = (): void => {
        this.waiters.delete(waiter);
        signal.removeEventListener("abort", waiter);
      };
      this.waiters.add(waiter);
      signal.addEventListener("abort", waiter);
    });
  }

  /** The live link, or an Unavailable error carrying the actionable reason. */
  current(): Link {
    if (this.link !== undefined) return this.link;
    throw new ConnectError(
      this.reason || `Tetragon at ${this.display} is not connected yet`,
      Code.Unavailable,
    );
  }

  isConnecting(): boolean {
    return this.phase === "connecting";
  }

  /** The agent failed on `link`: it is lost. Ignored if the supervisor already replaced that link. */
  reportFailure(link: Link, err: unknown): void {
    if (this.link === undefined || this.link.signal !== link.signal) return;
    this.goDown(err);
  }

  /**
   * One stream on `link` ended on its own (see agent-reason.ts `classifyStreamFailure`): its
   * owner retries it alone. The agent stays up unless the probe this starts fails.
   */
  streamFailed(link: Link, err: unknown): void {
    if (this.link === undefined || this.link.signal !== link.signal) return;
    this.lastError = shortError(err);
    this.streamLog.line(
      "stream failed",
      `agent ${this.display}: a GetEvents stream failed (${this.lastError}); retrying that stream alone`,
      (n, seconds) =>
        `agent ${this.display}: ${String(n)} more GetEvents streams failed and were retried alone in the last ${String(seconds)} s (last: ${this.lastError})`,
    );
    this.verify(link);
  }

  streamOpened(): void {
    this.activity.streams++;
  }

  streamClosed(): void {
    this.activity.streams--;
  }

  noteEvent(nodeName: string): void {
    this.delivered = true;
    this.activity.noteEvent(nodeName, this.clock.now());
  }

  status(): AgentStatus {
    const now = this.clock.now();
    const state =
      this.phase === "up"
        ? this.activity.streams > 0
          ? AgentState.CONNECTED
          : AgentState.IDLE
        : this.phase === "connecting"
          ? AgentState.CONNECTING
          : this.phase === "reconnecting"
            ? AgentState.RECONNECTING
            : AgentState.STOPPED;
    // The target's details extend the status; the supervisor's own fields win, except an
    // empty node name (a cluster target knows its node before the first event does).
    return create(AgentStatusSchema, {
      ...this.target.statusDetails?.(),
      address: this.display,
      ...(this.activity.nodeName === "" ? {} : { nodeName: this.activity.nodeName }),
      state,
      reason: this.phase === "up" ? "" : this.reason,
      retryInMs: this.phase === "reconnecting" ? Math.max(0, Math.round(this.retryAt - now)) : 0,
      attempt: this.attempt,
      eventsPerSec: this.activity.eventsPerSecond(now),
      eventsTotal: this.activity.eventsTotal,
      lastError: this.lastError,
      ...(this.phase === "up" ? { connectedSince: timestampFromMs(this.upSince) } : {}),
      gaps: this.activity.gaps(),
    });
  }

  /**
   * Stops for good. With a `reason` (the agent was removed while the gateway runs), the
   * status keeps an open gap with that reason, so pages show the outage as one.
   */
  close(reason?: string): void {
    if (reason !== undefined && this.phase !== "stopped") {
      this.activity.openGap(this.clock.now(), reason);
      this.reason = reason;
    }
    this.phase = "stopped";
    this.cancelTimer?.();
    this.streamLog.close();
    this.dropLink(new Error("gateway closed"));
    this.wake();
  }

  /** A method, not a field read, because close() may run while dial() awaits. */
  private stopped(): boolean {
    return this.phase === "stopped";
  }

  private async dial(): Promise<void> {
    if (this.phase === "stopped") return;
    let connection: AgentConnection;
    try {
      connection = this.target.dial();
    } catch (err) {
      this.goDown(err);
      return;
    }
    try {
      await this.probe(connection);
    } catch (err) {
      connection.abort(err instanceof Error ? err : new Error(String(err)));
      if (this.stopped()) return;
      this.goDown(err);
      return;
    }
    if (this.stopped()) {
      connection.abort(new Error("gateway closed"));
      return;
    }
    this.goUp(connection);
  }

  /** The target's probe, or GetHealth with a timeout where unary calls are possible. */
  private async probe(connection: AgentConnection): Promise<void> {
    const timeoutMs = this.opts.probeTimeoutMs;
    if (this.target.probe !== undefined) await this.target.probe(connection, timeoutMs);
    else if (connection.unary) await probeWithGetHealth(connection, timeoutMs);
  }

  /** Probes `link` once (unless a probe for it is running); a failure declares the agent lost. */
  private verify(link: Link): void {
    if (this.verifying === link) return;
    this.verifying = link;
    this.probeLink(link.connection)
      .catch((err: unknown) => {
        this.reportFailure(link, err);
      })
      .finally(() => {
        if (this.verifying === link) this.verifying = undefined;
      });
  }

  /**
   * The probe of a link that is up. A probe that times out while events kept arriving on the
   * same connection does not count: the agent is alive and the connection busy (its answer
   * waits behind megabytes of event frames on a saturated gateway or agent). A frozen agent
   * sends no events, so it is still found.
   */
  private async probeLink(connection: AgentConnection): Promise<void> {
    const eventsBefore = this.activity.eventsTotal;
    try {
      await this.probe(connection);
    } catch (err) {
      const busy =
        err instanceof ConnectError &&
        err.code === Code.DeadlineExceeded &&
        this.activity.eventsTotal > eventsBefore;
      if (!busy) throw err;
      this.streamLog.line(
        "probe slow",
        `agent ${this.display}: GetHealth took over ${String(this.opts.probeTimeoutMs / 1000)} s while events kept arriving; the agent is busy, not lost`,
        (n) =>
          `agent ${this.display}: ${String(n)} more slow GetHealth probes while events kept arriving`,
      );
    }
  }

  private goUp(connection: AgentConnection): void {
    const controller = new AbortController();
    const link = { connection, controller, signal: controller.signal };
    this.link = link;
    // The connection itself broke (reset, PING timeout): the agent is lost.
    const lost = connection.lost;
    if (lost !== undefined) {
      const onLost = (): void => {
        this.reportFailure(link, lost.reason);
      };
      if (lost.aborted) queueMicrotask(onLost);
      else lost.addEventListener("abort", onLost, { once: true, signal: controller.signal });
    }
    this.phase = "up";
    this.delivered = false;
    this.upSince = this.clock.now();
    this.activity.closeGap(this.upSince);
    this.opts.log(
      `agent ${this.display}: connected${this.attempt > 0 ? ` after ${String(this.attempt)} retries` : ""}`,
    );
    this.scheduleHealthCheck();
    this.wake();
  }

  private goDown(err: unknown): void {
    const now = this.clock.now();
    const wasUp = this.phase === "up";
    // A link that delivered events, or stayed up a while, ends the trouble period: the next
    // outage starts from the first backoff step. A link that only answers GetHealth and then
    // breaks every stream does not, nor does one that sent something malformed, so a
    // permanently broken agent backs off up to 30 s.
    const healthy =
      wasUp &&
      !isProtocolFault(err) &&
      (this.delivered || now - this.upSince >= this.opts.healthyResetMs);
    if (this.troubleSince === undefined || healthy) {
      this.troubleSince = now;
      this.attempt = 0;
      this.step = 0;
    }
    this.dropLink(err instanceof Error ? err : new Error(String(err)));
    this.lastError = shortError(err);
    const context: FailureContext = {
      streaming: wasUp,
      everConnected: this.upSince > 0,
      probeTimeoutMs: this.opts.probeTimeoutMs,
    };
    const reason =
      this.target.describeFailure?.(err, context) ??
      genericFailureReason(this.display, err, context);
    this.activity.openGap(now, reason);
    if (this.phase !== "reconnecting" || reason !== this.reason) {
      this.opts.log(`agent ${this.display}: reconnecting: ${reason} [${this.lastError}]`);
    }
    this.reason = reason;
    this.phase = "reconnecting";
    const plan = nextRetry(this.step, now - this.troubleSince, this.opts.backoff);
    const delay = plan.delayMs;
    this.step = plan.nextStep;
    this.attempt++;
    this.retryAt = now + delay;
    this.cancelTimer?.();
    this.cancelTimer = this.clock.setTimeout(() => void this.dial(), delay);
  }

  private scheduleHealthCheck(): void {
    this.cancelTimer?.();
    this.cancelTimer = this.clock.setTimeout(() => {
      const link = this.link;
      if (link === undefined) return;
      this.probeLink(link.connection).then(
        () => {
          if (this.link === link) this.scheduleHealthCheck();
        },
        (err: unknown) => {
          this.reportFailure(link, err);
        },
      );
    }, this.opts.healthIntervalMs);
  }

  private dropLink(reason: Error): void {
    const link = this.link;
    this.link = undefined;
    if (link === undefined) return;
    link.controller.abort(reason);
    link.connection.abort(reason);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
