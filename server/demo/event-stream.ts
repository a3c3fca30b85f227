/*
 * Paces an event source at `rate` events/s for one GetEvents stream. Each tick computes how
 * many events are due since the stream began and generates them in one burst, so 20/s
 * and 10,000/s use the same loop. Events the client's filter rejects still count towards
 * the rate (the simulated cluster does not slow down because nobody watches). The loop
 * ends when the signal aborts or the consumer stops iterating; no timer outlives it.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { GetEventsResponse } from "../../src/gen/tetragon/events_pb.js";
import type { EventPredicate } from "./event-filter.js";

export interface EventSource {
  next(): GetEventsResponse;
}

/** Shortest sleep between bursts; bounds timer churn at high rates. */
const MIN_TICK_MS = 10;
/** After a stall (debugger, suspended laptop) don't flood: drop what is over a second late. */
const MAX_BACKLOG_S = 1;

export async function* pacedEvents(
  source: EventSource,
  rate: number,
  accept: EventPredicate,
  signal: AbortSignal,
): AsyncGenerator<GetEventsResponse> {
  // A function, not the property: the signal flips while we are suspended at a yield.
  const aborted = (): boolean => signal.aborted;
  let origin = performance.now();
  let generated = 0;
  while (!aborted()) {
    const elapsedS = (performance.now() - origin) / 1000;
    let due = Math.floor(elapsedS * rate) + 1;
    if (due - generated > rate * MAX_BACKLOG_S + 1) {
      origin = performance.now() - (generated / rate) * 1000;
      due = generated + 1;
    }
    while (generated < due) {
      const event = source.next();
      generated++;
      if (accept(event)) yield event;
      if (aborted()) return;
    }
    const nextDueMs = origin + (generated / rate) * 1000;
    const wait = Math.max(MIN_TICK_MS, nextDueMs - performance.now());
    try {
      await sleep(wait, undefined, { signal });
    } catch {
      return; // aborted
    }
  }
}
