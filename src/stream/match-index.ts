/**
 * The filter step, kept apart from storage: a list of the absolute buffer positions whose
 * entries match the current predicate, in arrival order.
 *
 * Data flow: `rebuild` tests every held entry (filter change); `append` tests only the
 * positions pushed since the last call (new events); `dropBefore` forgets positions the ring
 * buffer evicted. Invariant: positions ascend and all lie in [buffer.start, buffer.end).
 * Pure over its inputs, so this step can move into a Web Worker with decode + toEventRow.
 */
import type { RingBuffer } from "./ring-buffer";

export class MatchIndex {
  private positions: number[] = [];
  /** Index of the first live position; evictions advance it instead of shifting the array. */
  private head = 0;

  get length(): number {
    return this.positions.length - this.head;
  }

  /** The i-th matching position (0 = oldest). */
  at(i: number): number | undefined {
    if (i < 0 || i >= this.length) return undefined;
    return this.positions[this.head + i];
  }

  rebuild<T>(buffer: RingBuffer<T>, test: (entry: T) => boolean): void {
    this.positions = [];
    this.head = 0;
    this.append(buffer, buffer.start, test);
  }

  /** Tests the positions in [from, buffer.end) and appends the matching ones. */
  append<T>(buffer: RingBuffer<T>, from: number, test: (entry: T) => boolean): number[] {
    const added: number[] = [];
    for (let pos = Math.max(from, buffer.start); pos < buffer.end; pos++) {
      const entry = buffer.at(pos);
      if (entry !== undefined && test(entry)) {
        this.positions.push(pos);
        added.push(pos);
      }
    }
    return added;
  }

  /** Forgets positions below `start` (evicted from the ring buffer). */
  dropBefore(start: number): void {
    while (this.head < this.positions.length && (this.positions[this.head] ?? start) < start) {
      this.head++;
    }
    // Compact once the dead prefix dominates, so memory stays O(capacity).
    if (this.head > 1024 && this.head * 2 > this.positions.length) {
      this.positions = this.positions.slice(this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.positions = [];
    this.head = 0;
  }

  toArray(): number[] {
    return this.positions.slice(this.head);
  }
}
