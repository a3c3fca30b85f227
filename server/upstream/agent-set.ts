/**
 * The gateway's set of agents, which may change while it runs (cluster mode adds and removes
 * agents as Tetragon pods come and go; `--tetragon` addresses are added once at start).
 *
 * Data flow: the owner adds and removes supervisors; browser streams (routes/get-events.ts)
 * subscribe and open or end one pump per supervisor as it is added or removed; forwarded
 * unary calls pick from `list()`; GetStatus reads `statuses()`.
 *
 * Invariants: a supervisor is in at most one of live/retired; `removed` listeners run before
 * the supervisor is closed, so pumps end by their own abort, not by a shutdown error; a
 * removed agent's status (stopped, with an open gap) stays in `statuses()` until `forget()`,
 * until a live agent of the same node is up, or until more than `maxRetired` were removed
 * after it.
 */
import type { AgentStatus } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { AgentState } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import type { AgentSupervisor } from "./agent-supervisor.js";

export interface AgentSetListener {
  added?(supervisor: AgentSupervisor): void;
  removed?(supervisor: AgentSupervisor): void;
}

export interface AgentSetOptions {
  /** Removed agents whose final status is kept; default 32. */
  maxRetired?: number;
}

export class AgentSet {
  private readonly live: AgentSupervisor[] = [];
  private readonly retired: AgentSupervisor[] = [];
  private readonly listeners = new Set<AgentSetListener>();
  private readonly maxRetired: number;
  private started = false;
  private closed = false;

  constructor(options: AgentSetOptions = {}) {
    this.maxRetired = options.maxRetired ?? 32;
  }

  /** The live supervisors, in the order they were added. */
  list(): readonly AgentSupervisor[] {
    return this.live;
  }

  /** Live by id or display name (the `tetragon-agent` header takes either). */
  find(name: string): AgentSupervisor | undefined {
    return this.live.find((s) => s.target.id === name) ?? this.live.find((s) => s.display === name);
  }

  /** Adds a supervisor; once the set is started it starts dialling at once. */
  add(supervisor: AgentSupervisor): void {
    if (this.closed) {
      supervisor.close();
      return;
    }
    if (this.live.some((s) => s.target.id === supervisor.target.id)) {
      throw new Error(`agent ${supervisor.target.id} is already in the gateway's set`);
    }
    this.live.push(supervisor);
    if (this.started) supervisor.start();
    for (const l of [...this.listeners]) l.added?.(supervisor);
  }

  /**
   * Removes and closes a supervisor: open browser streams end its pumps, and its status
   * (with an open gap saying `reason`) stays in `statuses()` until it is forgotten.
   */
  remove(supervisor: AgentSupervisor, reason = "removed from the gateway's agents"): void {
    const index = this.live.indexOf(supervisor);
    if (index < 0) return;
    this.live.splice(index, 1);
    for (const l of [...this.listeners]) l.removed?.(supervisor);
    supervisor.close(reason);
    this.retired.push(supervisor);
    if (this.retired.length > this.maxRetired) this.retired.shift();
  }

  /** Drops a removed agent's status (the gateway decided it is gone for good). */
  forget(supervisor: AgentSupervisor): void {
    const index = this.retired.indexOf(supervisor);
    if (index >= 0) this.retired.splice(index, 1);
  }

  subscribe(listener: AgentSetListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Every live agent's status, then the removed ones still remembered. */
  statuses(): AgentStatus[] {
    const live = this.live.map((s) => s.status());
    const upNodes = new Set(
      live
        .filter((s) => s.state === AgentState.CONNECTED || s.state === AgentState.IDLE)
        .map((s) => s.nodeName)
        .filter((n) => n !== ""),
    );
    // A newer agent for the same node is up: the removed one's outage is over for good.
    for (const s of [...this.retired]) {
      if (upNodes.has(s.status().nodeName)) this.forget(s);
    }
    return [...live, ...this.retired.map((s) => s.status())];
  }

  /** Starts every supervisor, now and as added. */
  start(): void {
    this.started = true;
    for (const s of this.live) s.start();
  }

  /** Closes every supervisor; later additions are closed at once. */
  close(): void {
    this.closed = true;
    for (const s of this.live) s.close();
  }
}
