/**
 * The positions of the events one tab's filter matches, ascending (arrival order), in a
 * growable Float64Array with a moving head: appending is amortised O(1), dropping evicted
 * positions advances the head, and the array is compacted once the dead prefix dominates,
 * so memory stays proportional to the matches held. Positions are doubles: they count every
 * event since the worker started and never wrap.
 */
export class PositionIndex {
  private data = new Float64Array(1024);
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  /** The i-th position (0 = oldest). */
  at(i: number): number {
    return this.data[this.head + i] ?? NaN;
  }

  push(pos: number): void {
    if (this.tail === this.data.length) this.grow(1);
    this.data[this.tail++] = pos;
  }

  /** Appends `base + slots[k]` for k in [0, n) (a scan's selection within one segment). */
  pushSlots(base: number, slots: Int32Array, n: number): void {
    if (this.tail + n > this.data.length) this.grow(n);
    const data = this.data;
    let t = this.tail;
    for (let k = 0; k < n; k++) data[t++] = base + (slots[k] ?? 0);
    this.tail = t;
  }

  /** Forgets positions below `start`; returns how many. */
  dropBefore(start: number): number {
    const from = this.head;
    while (this.head < this.tail && (this.data[this.head] ?? start) < start) this.head++;
    return this.head - from;
  }

  /** Index of the first position >= `pos` (length when none). */
  lowerBound(pos: number): number {
    let lo = this.head;
    let hi = this.tail;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.data[mid] ?? 0) < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  /** The positions as a fresh array (for a sort job's input). */
  toArray(): Float64Array {
    return this.data.slice(this.head, this.tail);
  }

  /** Room for `extra` more at the tail: compacts, and doubles while live data fills half. */
  private grow(extra: number): void {
    const live = this.tail - this.head;
    let size = this.data.length;
    while ((live + extra) * 2 > size) size *= 2;
    const next = size > this.data.length ? new Float64Array(size) : this.data;
    next.set(this.data.subarray(this.head, this.tail));
    this.data = next;
    this.head = 0;
    this.tail = live;
  }
}
