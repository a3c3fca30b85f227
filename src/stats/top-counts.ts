/**
 * Counts per value of the fields the "Top" bars show (binary, pod, namespace, policy) over
 * the rows the current filter keeps, and the N largest of each. Plain TS for the ingest
 * worker: it adds each kept row, removes each evicted one, and starts over (clear + add the
 * kept rows) when the filter changes.
 *
 * Invariant: every count is > 0 (a value whose count falls to 0 is deleted), so the maps hold
 * only values present in the kept rows and their size is bounded by the buffer. Empty values
 * (a host process has no pod, an exec no policy) are not counted: a bar for "" filters nothing.
 */
import type { RowView } from "../model/row";

export const TOP_FIELDS = ["binary", "pod", "namespace", "policy"] as const;
export type TopField = (typeof TOP_FIELDS)[number];

export type TopRow = Pick<RowView, TopField>;

export interface TopEntry {
  readonly value: string;
  readonly count: number;
}

export type TopSnapshot = Readonly<Record<TopField, readonly TopEntry[]>>;

/** Larger count first; equal counts by value, so the order is stable between snapshots. */
function before(a: TopEntry, b: TopEntry): number {
  return b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

/** The `n` largest entries of `counts`, in one pass with a small sorted list (n is ~10). */
export function topOf(counts: ReadonlyMap<string, number>, n: number): TopEntry[] {
  const top: TopEntry[] = [];
  if (n <= 0) return top;
  for (const [value, count] of counts) {
    const e = { value, count };
    const last = top[top.length - 1];
    if (top.length === n && last !== undefined && before(e, last) >= 0) continue;
    let i = top.length;
    for (let prev = top[i - 1]; prev !== undefined && before(e, prev) < 0; prev = top[i - 1]) i--;
    top.splice(i, 0, e);
    if (top.length > n) top.pop();
  }
  return top;
}

export class TopCounts {
  private readonly counts: Record<TopField, Map<string, number>> = {
    binary: new Map(),
    pod: new Map(),
    namespace: new Map(),
    policy: new Map(),
  };

  add(row: TopRow): void {
    for (const f of TOP_FIELDS) {
      const v = row[f];
      if (v !== "") this.counts[f].set(v, (this.counts[f].get(v) ?? 0) + 1);
    }
  }

  remove(row: TopRow): void {
    for (const f of TOP_FIELDS) {
      const v = row[f];
      const c = this.counts[f].get(v);
      if (c === undefined) continue;
      if (c <= 1) this.counts[f].delete(v);
      else this.counts[f].set(v, c - 1);
    }
  }

  clear(): void {
    for (const f of TOP_FIELDS) this.counts[f].clear();
  }

  snapshot(n = 10): TopSnapshot {
    return {
      binary: topOf(this.counts.binary, n),
      pod: topOf(this.counts.pod, n),
      namespace: topOf(this.counts.namespace, n),
      policy: topOf(this.counts.policy, n),
    };
  }
}
