/**
 * A bounded queue between several producers (one upstream stream per agent) and one consumer
 * (the browser stream). `push` never waits: when the queue is full it drops the oldest item
 * and hands it back, so the caller can count it and tell the browser. The gateway therefore
 * always reads the agent at the agent's pace (a slow tab cannot make Tetragon buffer for it),
 * and holds at most `capacity` items per browser stream. With `weigh`, the queue also keeps
 * the total weight of its items (bytes), so its owner can trim it to a memory share.
 *
 * One consumer, one AbortSignal: an abort of any signal the consumer has waited with ends
 * the current wait.
 */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private head = 0;
  private readonly capacity: number;
  private readonly weigh: ((item: T) => number) | undefined;
  private total = 0;
  private failure: { error: unknown } | undefined;
  private takers: (() => void)[] = [];
  private aborts: ((reason: Error) => void)[] = [];
  private readonly watched = new WeakSet<AbortSignal>();

  constructor(capacity: number, weigh?: (item: T) => number) {
    this.capacity = capacity;
    this.weigh = weigh;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Total weight of the queued items (0 without `weigh`). */
  get weight(): number {
    return this.total;
  }

  /** Appends `item`; returns the oldest item if it had to be dropped to make room. */
  push(item: T): T | undefined {
    let dropped: T | undefined;
    if (this.size >= this.capacity) dropped = this.shift();
    this.items.push(item);
    if (this.weigh !== undefined) this.total += this.weigh(item);
    this.wake();
    return dropped;
  }

  /** Ends the consumer with `error` (a producer hit a permanent failure). */
  fail(error: unknown): void {
    this.failure ??= { error };
    this.wake();
  }

  async pop(signal: AbortSignal): Promise<T> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure.error;
      if (this.size > 0) return this.shift() as T;
      await this.wait(signal);
    }
  }

  /** The oldest item if one is queued right now (a writer draining a batch without awaiting). */
  tryShift(): T | undefined {
    return this.failure === undefined ? this.shift() : undefined;
  }

  /** Removes and returns the oldest item (the owner drops it to stay within a share). */
  dropOldest(): T | undefined {
    return this.shift();
  }

  /** O(1) amortised: a moving head, compacted once half the array is consumed. */
  private shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined as T; // release it now, not at the next compaction
    this.head++;
    if (this.weigh !== undefined) this.total -= this.weigh(item);
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    return item;
  }

  private wake(): void {
    const list = this.takers;
    this.takers = [];
    this.aborts = [];
    for (const wake of list) wake();
  }

  /**
   * One abort listener per signal for the queue's lifetime, not one per wait: the consumer
   * waits once per event when it keeps up, and adding/removing a listener each time showed
   * up in the gateway's profile at 40,000 events/s.
   */
  private wait(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      if (!this.watched.has(signal)) {
        this.watched.add(signal);
        signal.addEventListener(
          "abort",
          () => {
            const list = this.aborts;
            this.aborts = [];
            this.takers = [];
            for (const abort of list) abort(signal.reason as Error);
          },
          { once: true },
        );
      }
      this.takers.push(resolve);
      this.aborts.push(reject);
    });
  }
}
