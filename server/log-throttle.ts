/**
 * Bounds the log lines of one kind per interval, so a flood (a client resetting thousands of
 * streams, an agent failing streams at random) costs a few lines, not one per event: the
 * first `burst` lines of a kind in an interval go out as they are; the rest are only counted,
 * and one summary line per kind says how many when the interval ends.
 *
 * State: per kind, lines written and suppressed in the current interval; one timer while any
 * kind has been used in the interval. `close()` flushes the summaries and cancels the timer.
 */
import { type Cancel, type Clock, realClock } from "./upstream/clock.js";

export interface LogThrottleOptions {
  /** Default 10 s. */
  intervalMs?: number;
  /** Lines of one kind written as they are per interval; default 5. */
  burst?: number;
  clock?: Clock;
}

interface Kind {
  written: number;
  suppressed: number;
  summary: (suppressed: number, intervalS: number) => string;
}

export class LogThrottle {
  private readonly kinds = new Map<string, Kind>();
  private readonly intervalMs: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private cancel: Cancel | undefined;

  constructor(
    private readonly log: (line: string) => void,
    options: LogThrottleOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 10_000;
    this.burst = options.burst ?? 5;
    this.clock = options.clock ?? realClock;
  }

  /**
   * Writes `text`, or counts it if this kind already wrote `burst` lines this interval;
   * `summary(n, seconds)` words the line for the n lines not written.
   */
  line(kind: string, text: string, summary: Kind["summary"]): void {
    let entry = this.kinds.get(kind);
    if (entry === undefined) {
      entry = { written: 0, suppressed: 0, summary };
      this.kinds.set(kind, entry);
    }
    entry.summary = summary;
    if (entry.written < this.burst) {
      entry.written++;
      this.log(text);
    } else {
      entry.suppressed++;
    }
    this.cancel ??= this.clock.setTimeout(() => {
      this.cancel = undefined;
      this.flush();
    }, this.intervalMs);
  }

  close(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.flush();
  }

  private flush(): void {
    const seconds = Math.round(this.intervalMs / 1000);
    for (const entry of this.kinds.values()) {
      if (entry.suppressed > 0) this.log(entry.summary(entry.suppressed, seconds));
    }
    this.kinds.clear();
  }
}
