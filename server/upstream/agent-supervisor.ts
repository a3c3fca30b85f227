/**
 * One supervisor per agent owns that agent's connection state, backoff and gaps.
 *
 * Data flow: the supervisor dials and probes (GetHealth with a timeout); browser streams call
 * `ready()` and wait on it, open their own upstream GetEvents on the connection it hands out,
 * and call `reportFailure()` when that stream breaks. Only the supervisor re-dials, so a
 * hundred browser tabs cause one probe per backoff step, not a hundred.
 *
 * Invariants: `link` is set exactly while the agent is up; each outage opens one Gap, closed
 * when the agent is up again; a connection is aborted (with all its streams) when it is
 * declared down, and failures reported against an older connection are ignored.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { create } from "@bufbuild/protobuf";
import {
  AgentState,
  type AgentStatus,
  AgentStatusSchema,
  type Gap,
  GapSchema,
} from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import type { AgentAddress } from "./agent-address.js";
import { type AgentConnection, type TlsMaterial, dialAgent } from "./agent-transport.js";
import { failureReason, isProtocolFault, isTransient, shortError } from "./agent-reason.js";
import { type BackoffConfig, defaultBackoff, nextRetry } from "./backoff.js";
import { EventRate } from "./event-rate.js";

export interface SupervisorOptions {
  tls?: TlsMaterial;
  backoff?: BackoffConfig;
  /** GetHealth probe period while up, and its timeout. */
  healthIntervalMs?: number;
  probeTimeoutMs?: number;
  /** Up this long before a failure resets the backoff to its first step. */
  healthyResetMs?: number;
  log: (line: string) => void;
}

/** What browser streams get from `ready()`: a live connection and its lifetime signal. */
export interface Link {
  connection: AgentConnection;
  /** Aborted when the supervisor declares this connection down. */
  signal: AbortSignal;
}

type Phase = "connecting" | "up" | "reconnecting" | "stopped";
const maxGaps = 100;

export class AgentSupervisor {
  readonly address: AgentAddress;
  private readonly opts: Required<Omit<SupervisorOptions, "tls">> & { tls?: TlsMaterial };
  private phase: Phase = "connecting";
  private link: (Link & { controller: AbortController }) | undefined;
  private waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
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
  private nodeName = "";
  private streams = 0;
  private readonly gaps: Gap[] = [];
  private readonly rate = new EventRate();
  private eventsTotal = 0n;

  constructor(address: AgentAddress, options: SupervisorOptions) {
    this.address = address;
    this.opts = {
      backoff: defaultBackoff,
      healthIntervalMs: 15_000,
      probeTimeoutMs: 5_000,
      healthyResetMs: 10_000,
      ...options,
    };
  }

  start(): void {
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
      this.reason || `Tetragon at ${this.address.display} is not connected yet`,
      Code.Unavailable,
    );
  }

  isConnecting(): boolean {
    return this.phase === "connecting";
  }

  /** A stream on `link` broke. Ignored if the supervisor already replaced that link. */
  reportFailure(link: Link, err: unknown): void {
    if (this.link === undefined || this.link.signal !== link.signal) return;
    this.goDown(err);
  }

  streamOpened(): void {
    this.streams++;
  }

  streamClosed(): void {
    this.streams--;
  }

  noteEvent(nodeName: string): void {
    this.eventsTotal++;
    this.delivered = true;
    this.rate.add(Date.now());
    if (nodeName !== "") this.nodeName = nodeName;
  }

  status(): AgentStatus {
    const now = Date.now();
    const state =
      this.phase === "up"
        ? this.streams > 0
          ? AgentState.CONNECTED
          : AgentState.IDLE
        : this.phase === "connecting"
          ? AgentState.CONNECTING
          : this.phase === "reconnecting"
            ? AgentState.RECONNECTING
            : AgentState.STOPPED;
    return create(AgentStatusSchema, {
      address: this.address.display,
      nodeName: this.nodeName,
      state,
      reason: this.phase === "up" ? "" : this.reason,
      retryInMs: this.phase === "reconnecting" ? Math.max(0, Math.round(this.retryAt - now)) : 0,
      attempt: this.attempt,
      eventsPerSec: this.rate.perSecond(now),
      eventsTotal: this.eventsTotal,
      lastError: this.lastError,
      ...(this.phase === "up" ? { connectedSince: timestampFromMs(this.upSince) } : {}),
      gaps: this.gaps.map((g) => create(GapSchema, g)),
    });
  }

  close(): void {
    this.phase = "stopped";
    clearTimeout(this.timer);
    this.dropLink(new Error("gateway closed"));
    this.wake();
  }

  /** A method, not a field read, because close() may run while dial() awaits. */
  private stopped(): boolean {
    return this.phase === "stopped";
  }

  private async dial(): Promise<void> {
    if (this.phase === "stopped") return;
    const connection = dialAgent(this.address, this.opts.tls);
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

  /** GetHealth with a timeout; answers other than transport failures mean "reachable". */
  private async probe(connection: AgentConnection): Promise<void> {
    try {
      await connection.client.getHealth({}, { timeoutMs: this.opts.probeTimeoutMs });
    } catch (err) {
      if (isTransient(err)) throw err;
    }
  }

  private goUp(connection: AgentConnection): void {
    const controller = new AbortController();
    this.link = { connection, controller, signal: controller.signal };
    this.phase = "up";
    this.delivered = false;
    this.upSince = Date.now();
    const open = this.gaps.at(-1);
    if (open !== undefined && open.end === undefined) open.end = timestampFromMs(this.upSince);
    this.opts.log(
      `agent ${this.address.display}: connected${this.attempt > 0 ? ` after ${String(this.attempt)} retries` : ""}`,
    );
    this.scheduleHealthCheck();
    this.wake();
  }

  private goDown(err: unknown): void {
    const now = Date.now();
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
    const reason = failureReason(this.address, err, {
      tls: this.opts.tls !== undefined,
      streaming: wasUp,
      everConnected: this.upSince > 0,
      probeTimeoutMs: this.opts.probeTimeoutMs,
    });
    const open = this.gaps.at(-1);
    if (open === undefined || open.end !== undefined) {
      this.gaps.push(create(GapSchema, { start: timestampFromMs(now), reason }));
      if (this.gaps.length > maxGaps) this.gaps.shift();
    }
    if (this.phase !== "reconnecting" || reason !== this.reason) {
      this.opts.log(`agent ${this.address.display}: reconnecting: ${reason} [${this.lastError}]`);
    }
    this.reason = reason;
    this.phase = "reconnecting";
    const plan = nextRetry(this.step, now - this.troubleSince, this.opts.backoff);
    const delay = plan.delayMs;
    this.step = plan.nextStep;
    this.attempt++;
    this.retryAt = now + delay;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.dial(), delay);
  }

  private scheduleHealthCheck(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const link = this.link;
      if (link === undefined) return;
      this.probe(link.connection).then(
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
