/** The page's FrameScheduler: runs a callback once the next frame has been produced. */
import type { FrameScheduler } from "../lib/clock";

/**
 * requestAnimationFrame, with a timer as a backstop: a hidden tab gets no frames, and
 * without the timer it would never ack the worker's last update (and so never get another).
 * Whichever fires first runs the callback once.
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
