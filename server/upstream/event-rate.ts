/**
 * Events per second over the last few seconds, in whole-second buckets (a small ring keyed by
 * the second), so GetStatus can show a rate without keeping every timestamp.
 */
const windowSeconds = 10;

export class EventRate {
  private readonly counts = new Array<number>(windowSeconds).fill(0);
  private readonly seconds = new Array<number>(windowSeconds).fill(-1);

  add(nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    const slot = second % windowSeconds;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.counts[slot] = 0;
    }
    this.counts[slot] = (this.counts[slot] ?? 0) + 1;
  }

  /** Average over the last full `windowSeconds` seconds (the current partial one excluded). */
  perSecond(nowMs: number): number {
    const current = Math.floor(nowMs / 1000);
    let total = 0;
    for (let i = 0; i < windowSeconds; i++) {
      const second = this.seconds[i] ?? -1;
      if (second < current && second >= current - windowSeconds) total += this.counts[i] ?? 0;
    }
    return total / windowSeconds;
  }
}
