/**
 * The counts strip's data, computed in the ingest worker and sent only to tabs whose strip is
 * open. "Event rate": one RateBuckets for the worker (every event received, by arrival
 * second; recording is a few array operations per event, so it runs whether or not a strip
 * is open and an opened strip shows the last 5 minutes at once). "Top": per open tab, a count
 * over the events its view shows (a TopTally), kept up to date as the view changes: the view
 * tells (TabView's ShownObserver) each event it starts showing (+1 per field) and each shown
 * event evicted (-1), so a snapshot only ranks the counted ids. A full count (TabView.visitShown,
 * a sliced job so a keystroke never waits behind it) runs only when the strip opens and when
 * the view says its shown set changed wholesale (`reset`: a new filter's result, Clear,
 * resume, or evicted events it could no longer read). While a full count runs, its cursor
 * (`countedUpTo`) says which told events are already in the tally: an event the count has
 * passed is added or removed as told; one it has not reached yet is left to the count.
 *
 * The view tells evictions at its catchUp, from columns the store keeps readable one segment
 * past eviction; the hub's tick calls `keepUp`, which catches up a view that nothing else has
 * (its tab slow to ack) well before that.
 *
 * Invariant: when a snapshot is taken (right after the view's catchUp, with no full count
 * pending) the tally equals a full count over what the tab shows.
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
import { SEGMENT_SIZE } from "./store/segments.js";
import { TopTally } from "./top-tally.js";
import type { ShownObserver, TabView } from "./views/tab-view.js";

/** At most two snapshots a second per tab (issue 15). */
export const STATS_INTERVAL_MS = 500;
/** The next count waits at least this many times the worker time the last one took. */
export const WORK_FACTOR = 20;
/** Values per Top list. */
export const TOP_N = 10;
/**
 * keepUp catches a view up once this many evictions are untold: a quarter segment, so at a
 * 100 ms tick up to ~60,000 events/s stay within the segment of evicted columns the store
 * keeps readable.
 */
export const KEEP_UP_EVICTIONS = SEGMENT_SIZE / 4;

export interface StatsFeedDeps {
  readonly clock: Clock;
  readonly scheduler: TaskScheduler;
  readonly store: EventStore;
  readonly intervalMs?: number;
  /** The rate window in seconds (5 minutes). */
  readonly windowSec?: number;
  /** Values per Top list (TOP_N; tests ask for all of them). */
  readonly topN?: number;
}

interface TabStats {
  readonly port: PortLike;
  readonly view: TabView;
  readonly tally: TopTally;
  /** The view's shown set changed wholesale since the tally's full count began: count again. */
  recount: boolean;
  /**
   * Shown positions below this are in the tally: the full count's cursor while it runs,
   * Infinity once it is done (from then on the view's reports keep the tally exact).
   */
  countedUpTo: number;
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
      recount: true,
      countedUpTo: 0,
      awaitingAck: false,
      notBefore: this.deps.clock.now(),
      timer: null,
      job: null,
    };
    this.tabs.set(port, tab);
    view.observe(observerOf(tab));
    this.schedule(tab);
  }

  /**
   * On the hub's tick: catches up a view whose evictions have gone untold for a while (its tab
   * is slow to ack, so nothing else does), before the store stops holding their columns
   * (`readableFrom`, a segment behind), which would cost a full count.
   */
  keepUp(): void {
    const start = this.deps.store.start;
    for (const tab of this.tabs.values()) {
      if (start - tab.view.evictionsToldBefore >= KEEP_UP_EVICTIONS) tab.view.catchUp();
    }
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
    tab.view.observe(null);
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

  /** Brings the tally up to what the tab shows (a full count when due), then sends it. */
  private count(tab: TabStats): void {
    const now = () => this.deps.scheduler.now();
    const began = now();
    tab.view.catchUp();
    if (!tab.recount) {
      this.send(tab, now() - began);
      return;
    }
    let workMs = now() - began;
    let next = 0;
    const visit = tab.tally.add.bind(tab.tally);
    tab.job = runJob(
      this.deps.scheduler,
      (deadline) => {
        const sliceBegan = now();
        tab.view.catchUp();
        if (tab.recount) {
          // First slice, or the shown set changed under the count: start over on what the
          // tab shows now.
          tab.recount = false;
          tab.tally.clear();
          next = 0;
        }
        next = tab.view.visitShown(next, visit, deadline, now);
        tab.countedUpTo = next;
        workMs += now() - sliceBegan;
        return next === Infinity;
      },
      () => {
        tab.job = null;
        this.send(tab, workMs);
      },
    );
  }

  /** Posts the tab's snapshot; the next count waits for the ack and the interval. */
  private send(tab: TabStats, workMs: number): void {
    const { clock } = this.deps;
    const began = this.deps.scheduler.now();
    const stats: StatsSnapshot = {
      rate: this.rate.snapshot(clock.now()),
      top: tab.tally.snapshot(this.deps.topN ?? TOP_N),
      version: tab.view.appliedVersion,
    };
    const message: ToPage = { type: "stats", stats };
    tab.port.postMessage(message);
    tab.awaitingAck = true;
    const spent = workMs + this.deps.scheduler.now() - began;
    const interval = this.deps.intervalMs ?? STATS_INTERVAL_MS;
    tab.notBefore = clock.now() + Math.max(interval, WORK_FACTOR * spent);
  }
}

/** How a tab's view reaches its tally (see the block comment on `countedUpTo`). */
function observerOf(tab: TabStats): ShownObserver {
  return {
    added(pos, seg, slot) {
      if (pos < tab.countedUpTo) tab.tally.add(seg, slot);
    },
    removed(pos, seg, slot) {
      if (pos < tab.countedUpTo) tab.tally.remove(seg, slot);
    },
    reset() {
      tab.recount = true;
      tab.countedUpTo = 0;
    },
  };
}
