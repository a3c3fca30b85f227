/**
 * Where a gap row goes among the events (issue 14, problem 8). A gap is known only once it
 * has ended (the status poll reports an agent's outage after events resumed; the stream's own
 * gap after it reconnected), so events newer than the gap's start have often arrived before
 * the gap does. Placed at its arrival, the row would sit below events that happened after it.
 *
 * The rule: the gap sits before the run of events, just before its arrival, that are newer
 * than the gap's start; so in arrival order it reads "events up to the outage, the gap, the
 * events after it". Events that arrived after the gap stay after it. Events without a time
 * end the run. Arrival order is time order for one agent, so the walk back is short (the
 * events of one status poll), and it runs once per gap. A file row (where an opened log's
 * events start, stamped with the file's first time) is not a gap: it stays at its arrival.
 */
import type { Gap } from "../../protocol/protocol.js";
import type { EventStore } from "./event-store.js";
import { SLOT_MASK } from "./segments.js";

/** The position the gap sits before: at most `arrivedAt`, never below the store's start. */
export function gapPosition(
  store: EventStore,
  arrivedAt: number,
  gap: Pick<Gap, "startMs" | "source">,
): number {
  let pos = Math.min(arrivedAt, store.end);
  if (gap.source === "file") return pos;
  const startMs = gap.startMs;
  while (pos > store.start) {
    const t = store.segment(pos - 1).timeMs((pos - 1) & SLOT_MASK);
    if (!(t > startMs)) break;
    pos--;
  }
  return pos;
}
