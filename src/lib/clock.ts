/**
 * Time, timers and frames are injected into src/stream so every state machine here runs
 * under a fake clock in tests. The browser implementations live in src/app/browser-clock.ts (page) and src/ingest/main.ts (worker).
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
