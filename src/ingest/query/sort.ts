/**
 * Sorting a tab's rows by a column in the worker, with the table's comparator: numbers
 * numerically (time, PID, UID; a missing one first), text by code units; equal keys keep
 * arrival order; descending flips the keys only. A full sort (a new sort or filter) runs as a
 * job (chunked merge sort over numeric keys: string columns are ranked once per sort);
 * afterwards new matches are merged in per tick with direct comparisons (mergeInto).
 */
import { ALL_KINDS } from "../../model/event-kind.js";
import { COLUMN_FIELD, type ColumnId } from "../../model/columns.js";
import { STRING_FIELD_INDEX } from "../../model/row.js";
import type { EventStore } from "../store/event-store.js";
import { HAS_PID, HAS_UID, SLOT_MASK } from "../store/segments.js";
import type { SortSpec } from "../../protocol/protocol.js";
import type { JobStep } from "./jobs.js";

type Key = number | string;

/** A column's sort key of a held position. */
export function sortKeyOf(store: EventStore, column: ColumnId): (pos: number) => Key {
  switch (column) {
    case "time":
      return (pos) => {
        const ms = store.segment(pos).timeMs(pos & SLOT_MASK);
        return Number.isFinite(ms) ? ms : -Infinity;
      };
    case "pid":
    case "uid": {
      const bit = column === "pid" ? HAS_PID : HAS_UID;
      return (pos) => {
        const seg = store.segment(pos);
        const i = pos & SLOT_MASK;
        return (seg.flags[i] ?? 0) & bit
          ? ((column === "pid" ? seg.pid[i] : seg.uid[i]) ?? -1)
          : -1;
      };
    }
    case "type":
      return (pos) => ALL_KINDS[store.segment(pos).kind[pos & SLOT_MASK] ?? 0] ?? "";
    default: {
      const f = STRING_FIELD_INDEX[COLUMN_FIELD[column]];
      return (pos) => store.strings.value(store.segment(pos).str(f, pos & SLOT_MASK));
    }
  }
}

function compareKeys(x: Key, y: Key): number {
  if (typeof x === "number" && typeof y === "number") return x - y;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Position order for `sort`: the key comparison, then arrival order. */
export function positionComparator(
  store: EventStore,
  sort: SortSpec,
): (a: number, b: number) => number {
  const key = sortKeyOf(store, sort.column);
  const sign = sort.desc ? -1 : 1;
  return (a, b) => sign * compareKeys(key(a), key(b)) || a - b;
}

/** Numeric keys with the same order as sortKeyOf: strings are replaced by their rank. */
function numericKeys(store: EventStore, column: ColumnId, positions: Float64Array): Float64Array {
  const key = sortKeyOf(store, column);
  const keys = new Float64Array(positions.length);
  const first = positions.length > 0 ? key(positions[0] ?? 0) : 0;
  if (typeof first === "number") {
    positions.forEach((p, i) => (keys[i] = key(p) as number));
    return keys;
  }
  const distinct = new Set<string>();
  for (const p of positions) distinct.add(key(p) as string);
  const rank = new Map<string, number>();
  [...distinct].sort((a, b) => compareKeys(a, b)).forEach((s, i) => rank.set(s, i));
  positions.forEach((p, i) => (keys[i] = rank.get(key(p) as string) ?? 0));
  return keys;
}

/**
 * A resumable bottom-up merge sort of `positions` (ascending on input) by column; `result()`
 * is the sorted copy once `step` has returned true.
 */
export function sortJob(
  store: EventStore,
  sort: SortSpec,
  positions: Float64Array,
  now: () => number,
): { step: JobStep; result: () => Float64Array } {
  const n = positions.length;
  let keys: Float64Array = numericKeys(store, sort.column, positions);
  let pos: Float64Array = positions.slice();
  let keysOut: Float64Array = new Float64Array(n);
  let posOut: Float64Array = new Float64Array(n);
  const sign = sort.desc ? -1 : 1;
  // Inputs ascend by position, so "<=" on equal keys keeps arrival order (a stable sort).
  const before = (i: number, j: number): boolean => {
    const d = sign * ((keys[i] ?? 0) - (keys[j] ?? 0));
    return d < 0 || (d === 0 && (pos[i] ?? 0) <= (pos[j] ?? 0));
  };
  let width = 1;
  let k = 0;
  let i = 0;
  let j = 0;
  let mid = 0;
  let end = 0;
  const startMerge = (at: number): void => {
    i = at;
    mid = Math.min(at + width, n);
    j = mid;
    end = Math.min(at + 2 * width, n);
  };
  startMerge(0);
  const step: JobStep = (deadline) => {
    while (width < n) {
      for (let budget = 0; k < n; budget++) {
        if (i < mid && (j >= end || before(i, j))) {
          keysOut[k] = keys[i] ?? 0;
          posOut[k++] = pos[i++] ?? 0;
        } else {
          keysOut[k] = keys[j] ?? 0;
          posOut[k++] = pos[j++] ?? 0;
        }
        if (k === end) startMerge(end);
        if ((budget & 4095) === 4095 && now() > deadline) return false;
      }
      [keys, keysOut] = [keysOut, keys];
      [pos, posOut] = [posOut, pos];
      width *= 2;
      k = 0;
      startMerge(0);
    }
    return true;
  };
  return { step, result: () => pos };
}

/** `order` without positions below `start` (evicted), in place when nothing was evicted. */
export function dropEvicted(order: Float64Array, start: number): Float64Array {
  let n = 0;
  for (const q of order) if (q >= start) n++;
  return n === order.length ? order : order.filter((q) => q >= start);
}

/** Merges new positions (any order) into a sorted order by binary search and one copy. */
export function mergeInto(
  order: Float64Array,
  fresh: readonly number[],
  compare: (a: number, b: number) => number,
): Float64Array {
  if (fresh.length === 0) return order;
  const added = [...fresh].sort(compare);
  const at = added.map((p) => {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (compare(order[m] ?? 0, p) <= 0) lo = m + 1;
      else hi = m;
    }
    return lo;
  });
  const out = new Float64Array(order.length + added.length);
  let n = 0;
  let a = 0;
  for (let i = 0; i <= order.length; i++) {
    while (a < added.length && at[a] === i) out[n++] = added[a++] ?? 0;
    if (i < order.length) out[n++] = order[i] ?? 0;
  }
  return out;
}
