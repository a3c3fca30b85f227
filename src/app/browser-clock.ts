/** The real Clock and FrameScheduler injected into src/stream. */
import type { Clock, FrameScheduler } from "../lib/clock";

export const browserClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const id = window.setTimeout(fn, ms);
    return () => {
      window.clearTimeout(id);
    };
  },
};

/**
 * requestAnimationFrame, with a timer as a backstop: a hidden tab gets no frames, and
 * without the timer incoming events would queue unbounded instead of entering the ring
 * buffer (which bounds memory). Whichever fires first runs the callback once.
 */
export const browserFrames: FrameScheduler = {
  request(fn) {
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      window.cancelAnimationFrame(frame);
      window.clearTimeout(timer);
      fn();
    };
    const frame = window.requestAnimationFrame(run);
    const timer = window.setTimeout(run, 250);
    return () => {
      done = true;
      window.cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  },
};
