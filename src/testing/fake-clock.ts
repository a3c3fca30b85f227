/**
 * Deterministic Clock and FrameScheduler for tests of the worker and the view client: time moves only through
 * `advance`, frames run only through `flushFrames`.
 */
import type { Cancel, Clock, FrameScheduler } from "../lib/clock";

export class FakeClock implements Clock, FrameScheduler {
  private current: number;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private frames: { fn: () => void; id: number }[] = [];
  private nextId = 0;

  constructor(startMs = 1_700_000_000_000) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): Cancel {
    const id = ++this.nextId;
    this.timers.push({ at: this.current + ms, fn, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  }

  request(fn: () => void): Cancel {
    const id = ++this.nextId;
    this.frames.push({ fn, id });
    return () => {
      this.frames = this.frames.filter((f) => f.id !== id);
    };
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  get pendingFrames(): number {
    return this.frames.length;
  }

  /** Runs due timers in time order while moving the clock forward by `ms`. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t.id !== due.id);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
  }

  flushFrames(): void {
    const frames = this.frames;
    this.frames = [];
    for (const f of frames) f.fn();
  }
}
