/**
 * Polls the gateway's GetStatus about every two seconds for per-agent state.
 *
 * Data flow: `fetchStatus` (transport injected) -> `status` ValueStore (the indicator reads
 * it) and, for every agent gap that has ended since this page started watching, one
 * `onGap` call (the gap row lands in the event buffer where events resumed). Invariant: each
 * (agent, gap start) is reported once; gaps that ended before the page started are ignored
 * because the page never showed events from that time.
 */
import type { Cancel, Clock } from "../lib/clock";
import { ValueStore } from "../lib/value-store";
import type { AgentStatusView, Gap, StatusSnapshot } from "../protocol/protocol";

export interface StatusPollerOptions {
  readonly clock: Clock;
  readonly fetchStatus: (signal: AbortSignal) => Promise<readonly AgentStatusView[]>;
  readonly onGap: (gap: Gap) => void;
  readonly describeError: (error: unknown) => string;
  readonly intervalMs?: number;
}

export class StatusPoller {
  readonly status = new ValueStore<StatusSnapshot>({ agents: [], error: "" });
  private readonly reported = new Set<string>();
  private readonly startedMs: number;
  private timer: Cancel | null = null;
  private abort: AbortController | null = null;
  private stopped = false;

  constructor(private readonly options: StatusPollerOptions) {
    this.startedMs = options.clock.now();
  }

  start(): void {
    this.stopped = false;
    void this.poll();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.();
    this.timer = null;
    this.abort?.abort();
  }

  /** One poll; exposed so tests can drive it without timers. */
  async poll(): Promise<void> {
    this.timer?.();
    this.timer = null;
    const abort = new AbortController();
    this.abort = abort;
    try {
      const agents = await this.options.fetchStatus(abort.signal);
      if (this.stopped) return;
      this.status.set({ agents, error: "" });
      this.reportGaps(agents);
    } catch (error) {
      if (this.stopped) return;
      this.status.set({
        agents: this.status.getSnapshot().agents,
        error: this.options.describeError(error),
      });
    } finally {
      this.abort = null;
    }
    if (!this.isStopped()) {
      this.timer = this.options.clock.setTimeout(() => {
        void this.poll();
      }, this.options.intervalMs ?? 2000);
    }
  }

  /** A method, not a field read, because stop() may run while a poll awaits. */
  private isStopped(): boolean {
    return this.stopped;
  }

  private reportGaps(agents: readonly AgentStatusView[]): void {
    for (const agent of agents) {
      for (const gap of agent.gaps) {
        if (gap.endMs === undefined || gap.endMs < this.startedMs) continue;
        const key = `${agent.address}\u0000${gap.startMs}`;
        if (this.reported.has(key)) continue;
        this.reported.add(key);
        this.options.onGap({
          startMs: gap.startMs,
          endMs: gap.endMs,
          node: agent.nodeName || agent.address,
          reason: gap.reason,
          source: "agent",
        });
      }
    }
  }
}
