/**
 * The benchmark's read-only window into the page (`npm run bench`, docs/PERFORMANCE.md, "The
 * `?bench=1` contract"): installed only when the URL has `?bench=1`, as
 * `window.__tetragonBench`. It exposes counters and nothing that changes the app.
 *
 * Data flow: the client calls the hook with every update from the ingest worker; counts come
 * from the worker's buffer (shared by every tab), the sequence check (missing, resets) runs in
 * the worker over every event it receives (the synthetic agent writes a running number into
 * process.pid), and `filterApplied` counts updates that show the result of a newer spec.
 */
import type { FilterSpec } from "../filters/filter-spec";
import { readViewState } from "../filters/url";
import type { ViewClient } from "../view/worker-client";

/** The contract the bench reads; any design of the app must keep these meanings. */
export interface BenchCounters {
  /** Events that entered the buffer this tab shows (the Received counter). */
  readonly received: number;
  /** Sequence numbers skipped (lost events) in arrival order since the worker started. */
  readonly missing: number;
  /** Times the sequence restarted (a new upstream stream). */
  readonly resets: number;
  /** Entries held in the buffer this tab shows. */
  readonly size: number;
  /** rate_limit_info events received (counted in `received`; they are notices, not events). */
  readonly dropNotices: number;
  /** Drops reported upstream (rate_limit_info: the gateway for a slow client, or Tetragon). */
  readonly droppedReported: number;
  /**
   * Events held back from this tab because it fell behind: always 0 now. The worker keeps
   * every event for every tab and a slow tab only misses intermediate screens.
   */
  readonly droppedBehind: number;
  /** Filter results committed for display (the table rows show the result of a new spec). */
  readonly filterApplied: number;
  /** The filter spec whose result the table shows now. */
  readonly filterShown: FilterSpec;
}

export function benchEnabled(search: string): boolean {
  return new URLSearchParams(search).get("bench") === "1";
}

export function installBenchHook(client: ViewClient): void {
  let filterApplied = 0;
  let appliedVersion = 0;
  let filterShown = readViewState(window.location.search).filters;
  let missing = 0;
  let resets = 0;
  let dropNotices = 0;
  client.onUpdate = (u) => {
    if (u.version !== appliedVersion) {
      appliedVersion = u.version;
      filterApplied++;
      filterShown = client.specOf(u.version)?.filters ?? filterShown;
    }
    missing = u.bench?.missing ?? missing;
    resets = u.bench?.resets ?? resets;
    dropNotices = u.bench?.dropNotices ?? dropNotices;
  };
  const counts = () => client.view.getSnapshot().counts;
  const counters: BenchCounters = {
    get received() {
      return counts().received;
    },
    get missing() {
      return missing;
    },
    get resets() {
      return resets;
    },
    get size() {
      return counts().size;
    },
    get dropNotices() {
      return dropNotices;
    },
    get droppedReported() {
      return counts().dropped;
    },
    get droppedBehind() {
      return 0;
    },
    get filterApplied() {
      return filterApplied;
    },
    get filterShown() {
      return filterShown;
    },
  };
  Object.defineProperty(window, "__tetragonBench", { value: Object.freeze(counters) });
}
