/**
 * The benchmark's read-only window into the page (`npm run bench`, docs/PERFORMANCE.md):
 * installed only when the URL has `?bench=1`, as `window.__tetragonBench`. It exposes
 * counters and nothing that changes the app: events received, sequence gaps in the
 * synthetic agent's numbering (it writes a running number into process.pid), buffer size,
 * and how many filter changes the store has applied (to time filter changes).
 */
import type { EventRow } from "../model/event-row";
import type { EventStore } from "../stream/event-store";

export interface BenchCounters {
  readonly received: number;
  /** Sequence numbers skipped (lost events) since the page loaded. */
  readonly missing: number;
  /** Times the sequence restarted (a new upstream stream). */
  readonly resets: number;
  readonly size: number;
  readonly filterApplied: number;
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
  const setFilter = store.setFilter.bind(store);
  store.setFilter = (predicate) => {
    setFilter(predicate);
    filterApplied++;
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
    get filterApplied() {
      return filterApplied;
    },
  };
  Object.defineProperty(window, "__tetragonBench", { value: Object.freeze(counters) });
  return (rows) => {
    for (const row of rows) {
      const pid = row.pid;
      if (pid === undefined || row.kind === "rate_limit_info") continue;
      if (pid === 1 && last !== 0) resets++;
      else if (pid > last + 1) missing += pid - last - 1;
      last = pid;
    }
  };
}
