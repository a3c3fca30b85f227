/**
 * The counts strip's data, computed in the ingest worker and sent only to tabs whose strip is
 * open. "Event rate": one RateBuckets for the worker (every event received, by arrival
 * second; recording is a few array operations per event, so it runs whether or not a strip
 * is open and an opened strip shows the last 5 minutes at once). "Top": per open tab, a count
 * over the events its view shows (TopTally over TabView.visitShown), run as a sliced job so a
 * keystroke never waits behind it.
 *
 * Flow control, per tab: one `stats` message out at a time (the tab acks it once drawn), the
 * next no sooner than `intervalMs` after the last (twice a second), and no sooner than
 * WORK_FACTOR x the worker time the last count took, so counting a large buffer costs the
 * worker at most ~1/WORK_FACTOR of its time per open strip. A closed strip costs nothing but
 * the rate recording.
 */
import type { Cancel, Clock } from "../lib/clock.js";
import type { EventKind } from "../model/event-kind.js";
import type { StatsSnapshot, ToPage } from "../protocol/protocol.js";
import { RateBuckets } from "../stats/rate-buckets.js";
import type { PortLike } from "./port.js";
import { runJob, type Job, type TaskScheduler } from "./query/jobs.js";
import type { EventStore } from "./store/event-store.js";
import { TopTally } from "./top-tally.js";
import type { TabView } from "./views/tab-view.js";

/** At most two snapshots a second per tab (issue 15). */
export const STATS_INTERVAL_MS = 500;
/** The next count waits at least this many times the worker time the last one took. */
export const WORK_FACTOR = 20;
/** Values per Top list. */
export const TOP_N = 10;

export interface StatsFeedDeps {
  readonly clock: Clock;
  readonly scheduler: TaskScheduler;
  readonly store: EventStore;
  readonly intervalMs?: number;
  /** The rate window in seconds (5 minutes). */
  readonly windowSec?: number;
}

interface TabStats {
  readonly port: PortLike;
  readonly view: TabView;
  readonly tally: TopTally;
  awaitingAck: boolean;
  /** When the next count may start (clock time). */
  notBefore: number;
  timer: Cancel | null;
  job: Job | null;
}

export class StatsFeed {
  private readonly rate: RateBuckets;
  private readonly tabs = new Map<PortLike, TabStats>();

  constructor(private readonly deps: StatsFeedDeps) {
    this.rate = new RateBuckets(deps.windowSec ?? 300);
  }

  /** One event arrived (called for every event, strip open or not). */
  record(kind: EventKind, atMs: number): void {
    this.rate.record(kind, atMs);
  }

  /** A tab's strip opened or closed. */
  setEnabled(port: PortLike, view: TabView, on: boolean): void {
    const existing = this.tabs.get(port);
    if (!on) {
      if (existing !== undefined) this.stop(existing);
      this.tabs.delete(port);
      return;
    }
    if (existing !== undefined) return;
    const tab: TabStats = {
      port,
      view,
      tally: new TopTally(this.deps.store),
      awaitingAck: false,
      notBefore: this.deps.clock.now(),
      timer: null,
      job: null,
    };
    this.tabs.set(port, tab);
    this.schedule(tab);
  }

  /** The tab drew the last snapshot. */
  ack(port: PortLike): void {
    const tab = this.tabs.get(port);
    if (tab === undefined || !tab.awaitingAck) return;
    tab.awaitingAck = false;
    this.schedule(tab);
  }

  disconnect(port: PortLike): void {
    const tab = this.tabs.get(port);
    if (tab !== undefined) this.stop(tab);
    this.tabs.delete(port);
  }

  dispose(): void {
    for (const port of [...this.tabs.keys()]) this.disconnect(port);
  }

  private stop(tab: TabStats): void {
    tab.timer?.();
    tab.timer = null;
    tab.job?.cancel();
    tab.job = null;
  }

  private schedule(tab: TabStats): void {
    if (tab.timer !== null || tab.job !== null || tab.awaitingAck) return;
    const wait = Math.max(0, tab.notBefore - this.deps.clock.now());
    tab.timer = this.deps.clock.setTimeout(() => {
      tab.timer = null;
      this.count(tab);
    }, wait);
  }

  /** Counts the tab's shown events in slices, then sends the snapshot. */
  private count(tab: TabStats): void {
    const { scheduler, clock } = this.deps;
    const now = () => scheduler.now();
    let version = tab.view.appliedVersion;
    let result = tab.view.resultVersion;
    let next = 0;
    let workMs = 0;
    let restarts = 0;
    tab.tally.reset();
    const visit = tab.tally.add.bind(tab.tally);
    tab.job = runJob(
      scheduler,
      (deadline) => {
        const began = now();
        tab.view.catchUp();
        if (
          tab.view.appliedVersion !== version ||
          tab.view.resultVersion !== result ||
          (tab.tally.stale && restarts++ < 3)
        ) {
          // The filter, its result (a newest-first one completed) or the string ids changed
          // under the count: start over on what the tab shows now.
          version = tab.view.appliedVersion;
          result = tab.view.resultVersion;
          tab.tally.reset();
          next = 0;
        }
        next = tab.view.visitShown(next, visit, deadline, now);
        workMs += now() - began;
        return next === Infinity;
      },
      () => {
        tab.job = null;
        const stats: StatsSnapshot = {
          rate: this.rate.snapshot(clock.now()),
          top: tab.tally.snapshot(TOP_N),
          version,
        };
        const message: ToPage = { type: "stats", stats };
        tab.port.postMessage(message);
        tab.awaitingAck = true;
        const interval = this.deps.intervalMs ?? STATS_INTERVAL_MS;
        tab.notBefore = clock.now() + Math.max(interval, WORK_FACTOR * workMs);
      },
    );
  }
}
