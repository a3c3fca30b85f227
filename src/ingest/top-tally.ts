/**
 * The counts behind the strip's "Top" lists, taken over the store's columns: one counter per
 * intern id and field (binary, pod, namespace, policy), so counting an event is four typed-array
 * increments and no string is touched until the end, where only the distinct values seen are
 * turned into strings and ranked (`topOf`, src/stats/top-counts.ts).
 *
 * Use: `add(seg, slot)` per event, then `snapshot(n)`, which also resets the counters for the
 * next count. Invariant: counters are keyed by intern id, so a count must not span a change of
 * `store.strings.generation` (ids freed and reused): `stale` says when it did, and the caller
 * counts again.
 */
import { STRING_FIELD_INDEX } from "../model/row.js";
import { TOP_FIELDS, topOf, type TopEntry, type TopSnapshot } from "../stats/top-counts.js";
import type { EventStore } from "./store/event-store.js";
import { SEGMENT_SIZE, type Segment } from "./store/segments.js";

const BASES = TOP_FIELDS.map((f) => STRING_FIELD_INDEX[f] * SEGMENT_SIZE);

export class TopTally {
  private counts: Uint32Array[] = TOP_FIELDS.map(() => new Uint32Array(1024));
  private readonly touched: number[][] = TOP_FIELDS.map(() => []);
  private generation: number;

  constructor(private readonly store: EventStore) {
    this.generation = store.strings.generation;
  }

  /** Ids were freed since the count began: its counters may name other strings now. */
  get stale(): boolean {
    return this.generation !== this.store.strings.generation;
  }

  add(seg: Segment, slot: number): void {
    for (let f = 0; f < BASES.length; f++) {
      const id = seg.strings[(BASES[f] ?? 0) + slot] ?? 0;
      let counts = this.counts[f] ?? new Uint32Array(0);
      if (id >= counts.length) counts = this.grow(f, id);
      const c = counts[id] ?? 0;
      if (c === 0) this.touched[f]?.push(id);
      counts[id] = c + 1;
    }
  }

  /** The `n` largest values per field, and a fresh start for the next count. */
  snapshot(n: number): TopSnapshot {
    const strings = this.store.strings;
    const top = TOP_FIELDS.map((_, f) => {
      const counts = this.counts[f] ?? new Uint32Array(0);
      const byValue = new Map<string, number>();
      for (const id of this.touched[f] ?? []) {
        const value = strings.valueOrUndefined(id);
        // Empty values (a host process has no pod) are not counted: a bar for "" filters nothing.
        if (value !== undefined && value !== "") byValue.set(value, counts[id] ?? 0);
        counts[id] = 0;
      }
      this.touched[f] = [];
      return topOf(byValue, n);
    });
    this.generation = strings.generation;
    const [binary, pod, namespace, policy] = top as [
      TopEntry[],
      TopEntry[],
      TopEntry[],
      TopEntry[],
    ];
    return { binary, pod, namespace, policy };
  }

  /** Forgets a partial count (the filter changed, or the ids did). */
  reset(): void {
    this.counts = TOP_FIELDS.map(() => new Uint32Array(Math.max(1024, this.store.strings.idLimit)));
    for (let f = 0; f < TOP_FIELDS.length; f++) this.touched[f] = [];
    this.generation = this.store.strings.generation;
  }

  private grow(f: number, id: number): Uint32Array {
    const old = this.counts[f] ?? new Uint32Array(0);
    const next = new Uint32Array(Math.max(id + 1, this.store.strings.idLimit, old.length * 2));
    next.set(old);
    this.counts[f] = next;
    return next;
  }
}
