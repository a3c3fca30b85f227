/*
 * --replay for the demo agent: loads the file once (replay.ts), prints what it holds and
 * how it will play, and gives each GetEvents stream its own pass over it (replay-stream.ts).
 * Counts complete passes over all streams, so tests can wait for "the file was sent".
 */
import type { StreamOf } from "./agent-service.js";
import { describeReplayLog, loadReplayFile } from "./replay.js";
import {
  DEFAULT_MAX_PAUSE_MS,
  replayEvents,
  shortenedPauses,
  type ReplayClock,
  type ReplayPace,
} from "./replay-stream.js";

export interface ReplayOptions {
  path: string;
  loop: boolean;
  retime: boolean;
  speed: number | "max" | undefined;
  /** A fixed pace instead of `speed`. */
  rate: number | undefined;
  clock: ReplayClock;
  log: (line: string) => void;
}

function paceOf(options: ReplayOptions): ReplayPace {
  if (options.speed !== undefined && options.rate !== undefined)
    throw new Error("demo agent: give a replay either speed or rate, not both");
  if (options.rate !== undefined) {
    if (!(options.rate > 0 && Number.isFinite(options.rate)))
      throw new Error(`demo agent: rate must be > 0, got ${options.rate}`);
    return { rate: options.rate };
  }
  const speed = options.speed ?? "max";
  if (speed !== "max" && !(speed > 0 && Number.isFinite(speed)))
    throw new Error(`demo agent: speed must be > 0 or "max", got ${speed}`);
  return { speed };
}

/** "once, speed 1 (3 pauses over 5 s shortened to 5 s), original times". */
function paceText(pace: ReplayPace, options: ReplayOptions, timesMs: (number | undefined)[]) {
  let text = "rate" in pace ? `${pace.rate} events/s` : `speed ${pace.speed}`;
  if ("speed" in pace && pace.speed !== "max") {
    const n = shortenedPauses(timesMs, pace.speed, DEFAULT_MAX_PAUSE_MS);
    const s = DEFAULT_MAX_PAUSE_MS / 1000;
    if (n > 0) text += ` (${n} pause${n === 1 ? "" : "s"} over ${s} s shortened to ${s} s)`;
  }
  const times = options.retime ? "times of sending" : "original times";
  return `${options.loop ? "looping" : "once"}, ${text}, ${times}`;
}

export async function replaySource(
  options: ReplayOptions,
): Promise<{ streamOf: StreamOf; passes: () => number }> {
  const pace = paceOf(options);
  const log = await loadReplayFile(options.path, options.log);
  options.log(
    `replay: ${options.path}: ${describeReplayLog(log)}; ${paceText(pace, options, log.timesMs)}`,
  );
  let passes = 0;
  const streamOf: StreamOf = (accept, signal, id) =>
    replayEvents(
      log,
      { pace, loop: options.loop, retime: options.retime, maxPauseMs: DEFAULT_MAX_PAUSE_MS },
      accept,
      signal,
      options.clock,
      (pass) => {
        passes++;
        if (pass === 1) {
          const then = options.loop ? "looping" : "staying connected";
          options.log(
            `replay: stream ${id} sent the whole file (${log.events.length} events); ${then}`,
          );
        }
      },
    );
  return { streamOf, passes: () => passes };
}
