/**
 * A TaskScheduler for tests: deferred tasks wait in a queue until the test runs them, and the
 * clock advances by `msPerReading` "milliseconds" per reading (1 unless told), so every job is
 * cut into many slices (the resumption paths run) and finishes only when the test says so.
 */
import type { Cancel } from "../lib/clock";
import type { TaskScheduler } from "../ingest/query/jobs";

export class FakeScheduler implements TaskScheduler {
  private queue: { fn: () => void; live: boolean }[] = [];
  private t = 0;

  constructor(private readonly msPerReading = 1) {}

  now(): number {
    const t = this.t;
    this.t += this.msPerReading;
    return t;
  }

  defer(fn: () => void): Cancel {
    const task = { fn, live: true };
    this.queue.push(task);
    return () => {
      task.live = false;
    };
  }

  get pending(): number {
    return this.queue.filter((t) => t.live).length;
  }

  /** Runs the next `n` queued tasks (a job part-way through, for interleaving tests). */
  runSome(n: number): void {
    let ran = 0;
    while (ran < n && this.queue.length > 0) {
      const task = this.queue.shift();
      if (task?.live !== true) continue;
      task.fn();
      ran++;
    }
  }

  /** Runs queued tasks until `done()` holds (checked after each); false if none was left. */
  runUntil(done: () => boolean): boolean {
    while (!done()) {
      const task = this.queue.shift();
      if (task === undefined) return false;
      if (task.live) task.fn();
    }
    return true;
  }

  /** Runs queued tasks (and those they queue) until none is left. */
  runAll(limit = 1_000_000): void {
    for (let n = 0; this.queue.length > 0; n++) {
      if (n > limit) throw new Error("FakeScheduler: tasks keep queueing");
      const task = this.queue.shift();
      if (task?.live === true) task.fn();
    }
  }
}
