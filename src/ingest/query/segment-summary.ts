/**
 * The distinct intern ids each string column of a full segment holds, so a test decided per
 * id (free-text search) can rule a column in or out for a whole segment from a few hundred
 * ids instead of reading it for 8,192 events: most columns repeat a handful of values per
 * segment (node, namespace, pod, binary...), and a search query matches none of them, or all.
 *
 * Cache: built on first use per segment and column, kept in a WeakMap keyed by the Segment,
 * so an evicted segment takes its summary with it. Only full segments are summarised: their
 * columns never change again, and an id a held event uses is never freed (intern-table.ts),
 * so a summary stays true for as long as its segment is held. A column with more distinct
 * ids than DISTINCT_LIMIT (exec ids, arguments) is not summarised (null): reading it per event
 * costs no more.
 */
import { STRING_FIELDS } from "../../model/row.js";
import { SEGMENT_SIZE, type Segment } from "../store/segments.js";

/** More distinct ids than this in a column: read it per event. */
const DISTINCT_LIMIT = SEGMENT_SIZE / 8;

const NOT_BUILT = undefined;

/** Per segment, per string column: its distinct ids, null when too many, undefined unbuilt. */
const summaries = new WeakMap<Segment, (Uint32Array | null | undefined)[]>();

/** A stamp per intern id: `seen[id] === stamp` while building one column's summary. */
let seen = new Int32Array(1024);
let stamp = 0;

function build(seg: Segment, column: number, idLimit: number): Uint32Array | null {
  if (seen.length < idLimit) seen = new Int32Array(Math.max(idLimit, seen.length * 2));
  if (++stamp === 0x7fffffff) {
    seen.fill(0);
    stamp = 1;
  }
  const strings = seg.strings;
  const base = column * SEGMENT_SIZE;
  const ids: number[] = [];
  for (let i = 0; i < SEGMENT_SIZE; i++) {
    const id = strings[base + i] ?? 0;
    if (seen[id] === stamp) continue;
    seen[id] = stamp;
    if (ids.length === DISTINCT_LIMIT) return null;
    ids.push(id);
  }
  return Uint32Array.from(ids);
}

/**
 * Builds every string column's summary of a full segment ahead of the first search (the
 * worker calls it once a segment fills, at ~1 µs per event of the segment), so that search
 * does not pay for it.
 */
export function summarize(seg: Segment, idLimit: number): void {
  for (let column = 0; column < STRING_FIELDS.length; column++) distinctIds(seg, column, idLimit);
}

/**
 * The distinct ids of string column `column` in `seg`, which must be full (every slot
 * written); null when the column has too many to be worth listing. `idLimit`: the store's
 * `strings.idLimit` (every id in the segment is below it).
 */
export function distinctIds(seg: Segment, column: number, idLimit: number): Uint32Array | null {
  let columns = summaries.get(seg);
  if (columns === undefined) {
    columns = [];
    summaries.set(seg, columns);
  }
  let ids = columns[column];
  if (ids === NOT_BUILT) {
    ids = build(seg, column, idLimit);
    columns[column] = ids;
  }
  return ids;
}
