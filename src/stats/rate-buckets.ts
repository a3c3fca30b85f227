/**
 * Events per second per event type over a sliding window (default 5 minutes): one counter per
 * (second, kind) in a fixed ring, for the "Event rate" chart. Plain TS, no timers: the owner
 * (the ingest worker) passes the arrival time of each event and the time of each snapshot.
 *
 * Data flow: record(kind, atMs) per event -> the bucket of second floor(atMs / 1000);
 * snapshot(nowMs) -> the last `windowSec` seconds ending at now, oldest first, one array per
 * kind that has any event in the window. Invariants: the ring holds seconds
 * (headSec - windowSec, headSec]; moving the head forward zeroes the seconds it passes, so a
 * quiet period reads as zeros, not as the counts of 5 minutes ago; an event older than the
 * window (a late batch) is dropped, one "newer" than the head moves the head.
 */
import type { EventKind } from "../model/event-kind";
import { EVENT_KINDS } from "../model/event-kind";

/** Every kind a row can have, in the order the chart stacks them (bottom first). */
export const RATE_KINDS: readonly EventKind[] = [...EVENT_KINDS, "unknown"];

export interface RateSeries {
  readonly kind: EventKind;
  /** Events in each second of the window, oldest first. */
  readonly counts: readonly number[];
}

export interface RateSnapshot {
  /** Unix seconds of each point, oldest first (`windowSec` of them, ending at now). */
  readonly seconds: readonly number[];
  /** Only kinds seen in the window, in RATE_KINDS order. */
  readonly series: readonly RateSeries[];
  /** Sum over every kind and second of the window. */
  readonly total: number;
}

const KIND_INDEX = new Map<EventKind, number>(RATE_KINDS.map((k, i) => [k, i]));

export class RateBuckets {
  private readonly counts: Uint32Array;
  /** The newest second the ring covers; -Infinity before the first record or snapshot. */
  private headSec = Number.NEGATIVE_INFINITY;

  constructor(readonly windowSec = 300) {
    if (!Number.isInteger(windowSec) || windowSec < 1) {
      throw new Error(`RateBuckets: windowSec must be a positive integer, got ${windowSec}`);
    }
    this.counts = new Uint32Array(windowSec * RATE_KINDS.length);
  }

  record(kind: EventKind, atMs: number, n = 1): void {
    if (!Number.isFinite(atMs)) return;
    const sec = Math.floor(atMs / 1000);
    this.advance(sec);
    if (sec <= this.headSec - this.windowSec) return; // older than the window
    const k = KIND_INDEX.get(kind) ?? RATE_KINDS.length - 1;
    const i = this.slot(sec) * RATE_KINDS.length + k;
    this.counts[i] = (this.counts[i] ?? 0) + n;
  }

  snapshot(nowMs: number): RateSnapshot {
    this.advance(Math.floor(nowMs / 1000));
    const head = this.headSec;
    if (!Number.isFinite(head)) return { seconds: [], series: [], total: 0 };
    const w = this.windowSec;
    const seconds = Array.from({ length: w }, (_, i) => head - w + 1 + i);
    const series: RateSeries[] = [];
    let total = 0;
    RATE_KINDS.forEach((kind, k) => {
      let sum = 0;
      const counts = seconds.map((sec) => {
        const c = this.counts[this.slot(sec) * RATE_KINDS.length + k] ?? 0;
        sum += c;
        return c;
      });
      total += sum;
      if (sum > 0) series.push({ kind, counts });
    });
    return { seconds, series, total };
  }

  clear(): void {
    this.counts.fill(0);
  }

  private slot(sec: number): number {
    return ((sec % this.windowSec) + this.windowSec) % this.windowSec;
  }

  /** Moves the head to `sec` when it is newer, zeroing the seconds it passes. */
  private advance(sec: number): void {
    if (!Number.isFinite(sec) || sec <= this.headSec) return;
    const passed = sec - this.headSec;
    if (passed >= this.windowSec) {
      this.counts.fill(0);
    } else {
      const width = RATE_KINDS.length;
      for (let s = this.headSec + 1; s <= sec; s++) {
        const base = this.slot(s) * width;
        this.counts.fill(0, base, base + width);
      }
    }
    this.headSec = sec;
  }
}
