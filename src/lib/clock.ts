/**
 * Time, timers and frames are injected into the ingest worker's state machines (and frames
 * into the page's worker client) so they run under a fake clock in tests. The real ones live
 * in src/ingest/main.ts (worker) and src/view/browser-frames.ts (page).
 */

/** Cancels a scheduled callback; calling it twice, or after the callback ran, is harmless. */
export type Cancel = () => void;

export interface Clock {
  /** Wall-clock time in epoch milliseconds. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): Cancel;
}

/** Runs a callback before the next paint (requestAnimationFrame in the browser). */
export interface FrameScheduler {
  request(fn: () => void): Cancel;
}
