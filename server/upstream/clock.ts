/**
 * Time and timers are injected into the gateway's state machines (the supervisor, later the
 * connection timeouts) so tests can run them under a fake clock, as src/stream/clock.ts does
 * for the browser side. `realClock` is the production implementation.
 */

/** Cancels a scheduled callback; calling it twice, or after the callback ran, is harmless. */
export type Cancel = () => void;

export interface Clock {
  /** Wall-clock time in epoch milliseconds. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): Cancel;
}

/** Real time. Timers are unref'd: the listening socket, not a pending retry, keeps a gateway alive. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms).unref();
    return () => {
      clearTimeout(timer);
    };
  },
};
