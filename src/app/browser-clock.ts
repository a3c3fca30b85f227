/** The real Clock and FrameScheduler injected into src/stream. */
import type { Clock, FrameScheduler } from "../stream/clock";

export const browserClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const id = window.setTimeout(fn, ms);
    return () => {
      window.clearTimeout(id);
    };
  },
};

export const browserFrames: FrameScheduler = {
  request(fn) {
    // A hidden tab gets no animation frames; a timer keeps the buffer (and memory) bounded.
    if (document.hidden) {
      const id = window.setTimeout(fn, 250);
      return () => {
        window.clearTimeout(id);
      };
    }
    const id = window.requestAnimationFrame(fn);
    return () => {
      window.cancelAnimationFrame(id);
    };
  },
};
