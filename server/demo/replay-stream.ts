/*
 * One GetEvents stream of a replayed log. Each stream starts at the file's first event (so
 * every client, and every tab with its own stream, sees the same events), sends the file
 * once and then stays open and quiet like an idle agent (Tetragon never ends GetEvents; the
 * gateway would take an end for a lost agent) — or, with `loop`, starts over.
 *
 * Pace: "max" sends as fast as the connection takes them (connect-node waits for 'drain', so
 * HTTP/2 flow control is the brake); `{ speed }` keeps the file's own gaps between event
 * times divided by speed (1 = real time), each pause capped at maxPauseMs so a log spanning
 * months still plays; `{ rate }` ignores the file's times and sends N events/s. Times are
 * the file's own unless `retime` stamps each event with the moment it is sent.
 * Time is injected (ReplayClock), so tests run the schedule on a fake clock.
 */
import type { GetEventsResponse } from "../../src/gen/tetragon/events_pb.js";
import type { EventPredicate } from "./event-filter.js";
import { timestampOf } from "./process-proto.js";
import type { ReplayLog } from "./replay.js";

export type ReplayPace = { speed: number | "max" } | { rate: number };

export interface ReplayStreamOptions {
  pace: ReplayPace;
  loop: boolean;
  retime: boolean;
  /** Longest pause between two events at `{ speed }` (after dividing by speed). */
  maxPauseMs: number;
}

export interface ReplayClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Epoch milliseconds, for `retime`. */
  wallNow(): number;
  /** Resolves after `ms`; rejects when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Pauses longer than this are shortened (printed at start-up). */
export const DEFAULT_MAX_PAUSE_MS = 5_000;
/** At "max", hand the event loop back this often even when a filter rejects every event. */
const YIELD_EVERY = 1024;

/**
 * When each event is due, in ms from the start of a pass: the gap to the latest time seen so
 * far. Missing times and times that go backwards (files are not always in time order, e.g.
 * nodes with skewed clocks) count as no pause, so no stretch of the file is paused twice.
 */
export function replaySchedule(
  timesMs: readonly (number | undefined)[],
  pace: ReplayPace,
  maxPauseMs: number,
): number[] {
  const due: number[] = [];
  let at = 0;
  let previous: number | undefined;
  timesMs.forEach((t, i) => {
    if (i > 0) {
      if ("rate" in pace) at += 1000 / pace.rate;
      else if (pace.speed !== "max" && t !== undefined && previous !== undefined && t > previous)
        at += Math.min((t - previous) / pace.speed, maxPauseMs);
    }
    if (t !== undefined) previous = Math.max(previous ?? t, t);
    due.push(at);
  });
  return due;
}

/** How many pauses replaySchedule shortens (for the start-up line). */
export function shortenedPauses(
  timesMs: readonly (number | undefined)[],
  speed: number,
  maxPauseMs: number,
): number {
  let n = 0;
  let previous: number | undefined;
  for (const t of timesMs) {
    if (t !== undefined && previous !== undefined && (t - previous) / speed > maxPauseMs) n++;
    if (t !== undefined) previous = Math.max(previous ?? t, t);
  }
  return n;
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else
      signal.addEventListener(
        "abort",
        () => {
          resolve();
        },
        { once: true },
      );
  });
}

export async function* replayEvents(
  log: ReplayLog,
  options: ReplayStreamOptions,
  accept: EventPredicate,
  signal: AbortSignal,
  clock: ReplayClock,
  /** Called after each complete pass over the file with the pass number (1, 2, …). */
  onPass: (pass: number) => void,
): AsyncGenerator<GetEventsResponse> {
  const due = replaySchedule(log.timesMs, options.pace, options.maxPauseMs);
  // A function, not the property: the signal flips while we are suspended at a yield.
  const aborted = (): boolean => signal.aborted;
  try {
    for (let pass = 1; !aborted(); pass++) {
      const start = clock.now();
      for (const [i, event] of log.events.entries()) {
        const wait = start + (due[i] ?? 0) - clock.now();
        if (wait > 0) await clock.sleep(wait, signal);
        else if (i % YIELD_EVERY === YIELD_EVERY - 1) await clock.sleep(0, signal);
        const out = options.retime ? { ...event, time: timestampOf(clock.wallNow()) } : event;
        if (accept(out)) yield out;
        if (aborted()) return;
      }
      onPass(pass);
      if (!options.loop) {
        await untilAborted(signal);
        return;
      }
      // The pause before the file's first event again: one event's worth at a fixed rate;
      // none otherwise, but a pass at "max" must still give other streams and timers a turn.
      await clock.sleep("rate" in options.pace ? 1000 / options.pace.rate : 0, signal);
    }
  } catch (err) {
    if (aborted()) return; // the client went away while we slept
    throw err;
  }
}
