/**
 * Cooperative long work in the ingest worker: a filter or sort over 500,000 events runs in
 * slices of a few milliseconds, each a separate task, so messages from the tabs (the next
 * keystroke, a viewport change) are handled between slices and a newer spec can cancel a
 * stale job before it finishes. The scheduler is injected (a MessageChannel in the worker,
 * which does not clamp like nested timers do; a manual queue in tests).
 */
import type { Cancel } from "../../lib/clock.js";

export interface TaskScheduler {
  /** A monotonic clock in milliseconds (performance.now in the worker). */
  now(): number;
  /** Runs `fn` in a later task, after pending messages. */
  defer(fn: () => void): Cancel;
}

/** One step of a job: do some work, return true when the job is done. */
export type JobStep = (deadline: number) => boolean;

/** Time one slice may take before yielding. */
export const SLICE_MS = 6;

export interface Job {
  cancel(): void;
  readonly done: boolean;
}

/** Runs `step` in slices until it reports done; `onDone` runs after the last slice. */
export function runJob(scheduler: TaskScheduler, step: JobStep, onDone: () => void): Job {
  let cancelled = false;
  let done = false;
  let pending: Cancel | null = null;
  const slice = (): void => {
    pending = null;
    if (cancelled) return;
    if (step(scheduler.now() + SLICE_MS)) {
      done = true;
      onDone();
    } else pending = scheduler.defer(slice);
  };
  pending = scheduler.defer(slice);
  return {
    cancel() {
      cancelled = true;
      pending?.();
      pending = null;
    },
    get done() {
      return done;
    },
  };
}
