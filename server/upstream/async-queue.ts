/**
 * A bounded queue between several producers (one upstream stream per agent) and one consumer
 * (the browser stream). `push` never waits: when the queue is full it drops the oldest item
 * and hands it back, so the caller can count it and tell the browser. The gateway therefore
 * always reads the agent at the agent's pace (a slow tab cannot make Tetragon buffer for it),
 * and holds at most `capacity` items per browser stream.
 */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private head = 0;
  private readonly capacity: number;
  private failure: { error: unknown } | undefined;
  private takers: (() => void)[] = [];

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Appends `item`; returns the oldest item if it had to be dropped to make room. */
  push(item: T): T | undefined {
    let dropped: T | undefined;
    if (this.size >= this.capacity) dropped = this.shift();
    this.items.push(item);
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

  /** O(1) amortised: a moving head, compacted once half the array is consumed. */
  private shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.head++;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    return item;
  }

  private wake(): void {
    const list = this.takers;
    this.takers = [];
    for (const wake of list) wake();
  }

  private wait(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        reject(signal.reason as Error);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.takers.push(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }
}
