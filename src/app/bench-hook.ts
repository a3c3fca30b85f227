/**
 * The benchmark's read-only window into the page (`npm run bench`, docs/PERFORMANCE.md,
 * "The `?bench=1` contract"): installed only when the URL has `?bench=1`, as
 * `window.__tetragonBench`. It exposes counters and nothing that changes the app.
 *
 * Data flow: the ingest path calls the returned observer with every batch of rows (the pid
 * sequence check: the synthetic agent writes a running number into process.pid); the store's
 * `setFilter` and `addGap` are wrapped to count, and otherwise behave exactly as before.
 * Invariant: every field is a plain read of state the app keeps anyway or a counter the
 * wrappers add; nothing here is read by the app itself.
 */
import type { FilterSpec } from "../filters/filter-spec";
import { readViewState } from "../filters/url";
import type { EventRow } from "../model/event-row";
import type { EventStore } from "../stream/event-store";

/** The contract the bench reads; any design of the app must keep these meanings. */
export interface BenchCounters {
  /** Events that entered the buffer this tab shows (the Received counter). */
  readonly received: number;
  /** Sequence numbers skipped (lost events) in arrival order since the page loaded. */
  readonly missing: number;
  /** Times the sequence restarted (a new upstream stream). */
  readonly resets: number;
  /** Entries held in the buffer this tab shows. */
  readonly size: number;
  /** rate_limit_info events received (counted in `received`; they are notices, not events). */
  readonly dropNotices: number;
  /** Drops reported upstream (rate_limit_info: the gateway for a slow client, or Tetragon). */
  readonly droppedReported: number;
  /** Events the ingest worker held back from this tab because the tab fell behind. */
  readonly droppedBehind: number;
  /** Filter results committed for display (the table rows show the result of a new spec). */
  readonly filterApplied: number;
  /** The filter spec whose result the table shows now. */
  readonly filterShown: FilterSpec;
}

export function benchEnabled(search: string): boolean {
  return new URLSearchParams(search).get("bench") === "1";
}

/** Returns the per-batch observer the ingest path calls (pid sequence check). */
export function installBenchHook<R>(store: EventStore<R>): (rows: readonly EventRow[]) => void {
  let missing = 0;
  let resets = 0;
  let last = 0;
  let filterApplied = 0;
  let filterShown = readViewState(window.location.search).filters;
  let droppedBehind = 0;
  let dropNotices = 0;
  const setFilter = store.setFilter.bind(store);
  store.setFilter = (predicate) => {
    setFilter(predicate);
    // The view state writes the URL in an effect that runs before the one that calls
    // setFilter (src/hooks), so the URL holds the spec this predicate was compiled from.
    filterShown = readViewState(window.location.search).filters;
    filterApplied++;
  };
  const addGap = store.addGap.bind(store);
  store.addGap = (gap) => {
    addGap(gap);
    // A "browser" gap with a count is the worker's `lost` notice for this tab.
    if (gap.source === "browser") droppedBehind += gap.dropped ?? 0;
  };
  const counters: BenchCounters = {
    get received() {
      return store.getSnapshot().received;
    },
    get missing() {
      return missing;
    },
    get resets() {
      return resets;
    },
    get size() {
      return store.getSnapshot().size;
    },
    get dropNotices() {
      return dropNotices;
    },
    get droppedReported() {
      // The store's Dropped count is the reported drops plus the `lost` notices.
      return store.getSnapshot().dropped - droppedBehind;
    },
    get droppedBehind() {
      return droppedBehind;
    },
    get filterApplied() {
      return filterApplied;
    },
    get filterShown() {
      return filterShown;
    },
  };
  Object.defineProperty(window, "__tetragonBench", { value: Object.freeze(counters) });
  return (rows) => {
    for (const row of rows) {
      const pid = row.pid;
      if (row.kind === "rate_limit_info") dropNotices++;
      if (pid === undefined || row.kind === "rate_limit_info") continue;
      if (pid === 1 && last !== 0) resets++;
      else if (pid > last + 1) missing += pid - last - 1;
      last = pid;
    }
  };
}
