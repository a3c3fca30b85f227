/**
 * A bounded queue between several producers (one upstream stream per agent) and one consumer
 * (the browser stream). `push` waits while the queue is full, which stops reading from the
 * agent and lets HTTP/2 flow control push back, instead of buffering without limit.
 */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private readonly capacity: number;
  private failure: { error: unknown } | undefined;
  private takers: (() => void)[] = [];
  private givers: (() => void)[] = [];

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  async push(item: T, signal: AbortSignal): Promise<void> {
    while (this.items.length >= this.capacity) {
      await this.wait(this.givers, signal);
    }
    this.items.push(item);
    this.notify("takers");
  }

  /** Ends the consumer with `error` (a producer hit a permanent failure). */
  fail(error: unknown): void {
    this.failure ??= { error };
    this.notify("takers");
  }

  async pop(signal: AbortSignal): Promise<T> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure.error;
      const item = this.items.shift();
      if (item !== undefined) {
        this.notify("givers");
        return item;
      }
      await this.wait(this.takers, signal);
    }
  }

  private notify(which: "takers" | "givers"): void {
    const list = this[which];
    this[which] = [];
    for (const wake of list) wake();
  }

  private wait(list: (() => void)[], signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        reject(signal.reason as Error);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      list.push(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }
}
