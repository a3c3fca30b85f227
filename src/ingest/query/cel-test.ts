/**
 * The CEL filter as a column test: each event is decoded from its kept bytes (fromBinary of
 * the GetEventsResponse the agent sent) and given to the compiled expression; the verdict is
 * cached per position, so a later rebuild of the same tab's view (another field changed, a
 * sort) reads a byte instead of decoding again.
 *
 * Cache: per compiled CEL matcher (compile.ts reuses the matcher while the expression is
 * unchanged), one byte per slot per store segment (0 unknown, 1 no, 2 yes), held in a
 * WeakMap keyed by the Segment, so an evicted segment takes its verdicts with it. An event
 * that cannot be decoded does not match (as the agent drops an event on a run-time error).
 * The work per event is large (~µs to tens of µs): the scan in tab-view.ts yields every few
 * hundred events so a filter over a full buffer stays a sliced job.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { GetEventsResponseSchema } from "../../gen/tetragon/events_pb.js";
import type { EventStore } from "../store/event-store.js";
import { SEGMENT_SIZE, type Segment } from "../store/segments.js";
import type { FieldMatcher } from "./compile.js";
import type { RowTest } from "./row-test.js";

type CelMatcher = Extract<FieldMatcher, { type: "cel" }>;

interface SegmentVerdicts {
  readonly index: number;
  readonly verdicts: Uint8Array;
}

const caches = new WeakMap<CelMatcher, WeakMap<Segment, SegmentVerdicts>>();

/** Decodes and evaluates once per position; never throws. */
export function celVerdict(store: EventStore, m: CelMatcher, pos: number): boolean {
  try {
    return m.filter.test(fromBinary(GetEventsResponseSchema, store.bytes(pos)));
  } catch {
    return false;
  }
}

export function celTest(store: EventStore, m: CelMatcher): RowTest {
  let bySegment = caches.get(m);
  if (bySegment === undefined) {
    bySegment = new WeakMap();
    caches.set(m, bySegment);
  }
  const cache = bySegment;
  return (seg, slot) => {
    let entry = cache.get(seg);
    if (entry?.index !== seg.index) {
      entry = { index: seg.index, verdicts: new Uint8Array(SEGMENT_SIZE) };
      cache.set(seg, entry);
    }
    let v = entry.verdicts[slot] ?? 0;
    if (v === 0) {
      v = celVerdict(store, m, seg.index * SEGMENT_SIZE + slot) ? 2 : 1;
      entry.verdicts[slot] = v;
    }
    return v === 2;
  };
}
