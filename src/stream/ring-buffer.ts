/**
 * Fixed-capacity ring buffer addressed by absolute position.
 *
 * Data flow: `push` appends at position `end` (monotonic, never reused) into slot
 * `end % capacity`; when full, the oldest item (position `start`) is overwritten and
 * returned so the caller can count evictions. Invariants: `start <= end`,
 * `end - start <= capacity`, positions in [start, end) are readable. Nothing is ever
 * re-sorted or copied per push: events arrive in order, so append is O(1).
 */
export class RingBuffer<T> {
  readonly capacity: number;
  private readonly slots: (T | undefined)[];
  private startPos = 0;
  private endPos = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.slots = new Array<T | undefined>(capacity);
  }

  /** Position of the oldest item still held. */
  get start(): number {
    return this.startPos;
  }

  /** Position the next push will take (one past the newest item). */
  get end(): number {
    return this.endPos;
  }

  get size(): number {
    return this.endPos - this.startPos;
  }

  /** Appends an item; returns the evicted oldest item when the buffer was full. */
  push(item: T): T | undefined {
    const slot = this.endPos % this.capacity;
    let evicted: T | undefined;
    if (this.size === this.capacity) {
      evicted = this.slots[slot];
      this.startPos++;
    }
    this.slots[slot] = item;
    this.endPos++;
    return evicted;
  }

  /** The item at an absolute position, or undefined when it was evicted or not written yet. */
  at(pos: number): T | undefined {
    if (pos < this.startPos || pos >= this.endPos) return undefined;
    return this.slots[pos % this.capacity];
  }

  /** Empties the buffer; positions keep increasing so stale indexes never alias new items. */
  clear(): void {
    this.slots.fill(undefined);
    this.startPos = this.endPos;
  }

  /** Oldest to newest. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let pos = this.startPos; pos < this.endPos; pos++) {
      yield this.slots[pos % this.capacity] as T;
    }
  }
}
