/**
 * Events per second over a sliding window. Data flow: `record(n)` at ingest adds to the
 * current one-second bucket; `perSecond()` averages the complete buckets of the window.
 * While events flow, a timer (injected Clock) fires once a second so the rate also decays
 * to zero when the stream goes quiet; it stops itself after a quiet window.
 */
import type { Cancel, Clock } from "../lib/clock";

const BUCKET_MS = 1000;
const WINDOW_BUCKETS = 3;

export class RateMeter {
  private readonly buckets = new Map<number, number>();
  private timer: Cancel | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly onTick: () => void,
  ) {}

  record(count: number): void {
    const bucket = Math.floor(this.clock.now() / BUCKET_MS);
    this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + count);
    this.timer ??= this.clock.setTimeout(this.tick, BUCKET_MS);
  }

  perSecond(): number {
    const current = Math.floor(this.clock.now() / BUCKET_MS);
    let total = 0;
    for (const [bucket, count] of this.buckets) {
      if (bucket < current - WINDOW_BUCKETS) this.buckets.delete(bucket);
      else if (bucket < current) total += count;
    }
    return Math.round(total / WINDOW_BUCKETS);
  }

  dispose(): void {
    this.timer?.();
    this.timer = null;
  }

  private readonly tick = (): void => {
    this.timer = null;
    const rate = this.perSecond();
    this.onTick();
    if (rate > 0 || this.buckets.size > 0) this.timer = this.clock.setTimeout(this.tick, BUCKET_MS);
  };
}
