/**
 * Rows that are not events (a gap: the stream broke, an agent was down), kept beside the
 * event columns instead of in them. A marker sits before the event at position `at` in
 * arrival order: the hub places a gap by time (gap-place.ts), so `at` may be below the
 * store's end when it is added. Views merge markers in as they read (views/layout.ts).
 * `seq` numbers markers in order of arrival; each tab hides those at or below its Clear.
 * Invariants: the list is ordered by `at` (ties by `seq`); at most MAX_MARKERS are kept, and
 * a marker leaves once the events after it are evicted.
 */
export const MAX_MARKERS = 2_000;

export interface Marker<G> {
  readonly seq: number;
  readonly at: number;
  readonly gap: G;
}

export class MarkerList<G> {
  private list: Marker<G>[] = [];
  private lastSeq = 0;

  add(gap: G, at: number): Marker<G> {
    const marker = { seq: ++this.lastSeq, at, gap };
    // Usually the newest position; a gap placed by time may go before earlier markers.
    let i = this.list.length;
    while (i > 0 && (this.list[i - 1]?.at ?? 0) > at) i--;
    this.list.splice(i, 0, marker);
    if (this.list.length > MAX_MARKERS) this.list = this.list.slice(-MAX_MARKERS);
    return marker;
  }

  /** Forgets markers that sit before `start` (the events after them are gone). */
  dropBefore(start: number): void {
    let n = 0;
    while (n < this.list.length && (this.list[n]?.at ?? start) < start) n++;
    if (n > 0) this.list = this.list.slice(n);
  }

  /** The seq of the newest marker (0 when none was ever added). */
  get newest(): number {
    return this.lastSeq;
  }

  /** Markers with seq in (afterSeq, uptoSeq], in order. */
  between(afterSeq: number, uptoSeq: number): Marker<G>[] {
    return this.list.filter((m) => m.seq > afterSeq && m.seq <= uptoSeq);
  }
}
