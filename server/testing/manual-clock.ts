/**
 * A Clock for gateway state-machine tests: time moves only when the test says so, and the
 * test can see and fire what is scheduled (e.g. the supervisor's next dial).
 */
import type { Cancel, Clock } from "../upstream/clock.js";

interface Timer {
  at: number;
  fn: () => void;
}

export class ManualClock implements Clock {
  private current: number;
  private readonly timers = new Set<Timer>();

  constructor(startMs = 1_700_000_000_000) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): Cancel {
    const timer = { at: this.current + ms, fn };
    this.timers.add(timer);
    return () => {
      this.timers.delete(timer);
    };
  }

  /** Delays of the pending timers from now, soonest first. */
  pending(): number[] {
    return [...this.timers].map((t) => t.at - this.current).sort((a, b) => a - b);
  }

  /** Moves time to the soonest timer and runs it; false if nothing is scheduled. */
  fireNext(): boolean {
    const next = [...this.timers].sort((a, b) => a.at - b.at)[0];
    if (next === undefined) return false;
    this.timers.delete(next);
    this.current = Math.max(this.current, next.at);
    next.fn();
    return true;
  }
}
