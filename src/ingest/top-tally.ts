/**
 * The counts behind the strip's "Top" lists, taken over the store's columns: one counter per
 * intern id and field (binary, pod, namespace, policy), so counting an event in or out is four
 * typed-array updates and no string is touched until `snapshot`, where only the ids with a
 * count are turned into strings and ranked (`topOf`, src/stats/top-counts.ts).
 *
 * Use: `add(seg, slot)` for each event the tab shows (a full count, or one newly shown),
 * `remove(seg, slot)` for each shown event that leaves, `snapshot(n)` whenever the lists are
 * wanted (it changes no count), `clear()` to start over.
 *
 * Invariant: `counts[f][id]` is the number of added-and-not-removed events whose column `f`
 * holds `id`, and `touched[f]` lists (once each) every id whose count may be above zero. The
 * counters are keyed by the ids the columns hold, and `add` and `remove` read the same column
 * of the same event, so the counts stay exact when the intern table frees ids and hands them
 * out again (no recount): an id is freed only once no held event uses it, so once the caller
 * has removed the evicted events it counted (stats-feed.ts, told by TabView's ShownObserver,
 * before any snapshot) an id's count covers only events that hold it in its current meaning.
 */
import { STRING_FIELD_INDEX } from "../model/row.js";
import { TOP_FIELDS, topOf, type TopEntry, type TopSnapshot } from "../stats/top-counts.js";
import type { EventStore } from "./store/event-store.js";
import { SEGMENT_SIZE, type Segment } from "./store/segments.js";

const BASES = TOP_FIELDS.map((f) => STRING_FIELD_INDEX[f] * SEGMENT_SIZE);

export class TopTally {
  private counts: Uint32Array[] = [];
  /** Per field and id: 1 while the id is in `touched`. */
  private listed: Uint8Array[] = [];
  private readonly touched: number[][] = TOP_FIELDS.map(() => []);

  constructor(private readonly store: EventStore) {
    this.clear();
  }

  /** One more shown event. */
  add(seg: Segment, slot: number): void {
    for (let f = 0; f < BASES.length; f++) {
      const id = seg.strings[(BASES[f] ?? 0) + slot] ?? 0;
      let counts = this.counts[f] ?? new Uint32Array(0);
      if (id >= counts.length) counts = this.grow(f, id);
      const c = counts[id] ?? 0;
      if (c === 0) {
        const listed = this.listed[f] ?? new Uint8Array(0);
        if (listed[id] === 0) {
          listed[id] = 1;
          this.touched[f]?.push(id);
        }
      }
      counts[id] = c + 1;
    }
  }

  /** One shown event less (it was added before). */
  remove(seg: Segment, slot: number): void {
    for (let f = 0; f < BASES.length; f++) {
      const id = seg.strings[(BASES[f] ?? 0) + slot] ?? 0;
      const counts = this.counts[f] ?? new Uint32Array(0);
      const c = counts[id] ?? 0;
      // Never below zero (an id beyond the array was never added).
      if (c > 0) counts[id] = c - 1;
    }
  }

  /** The `n` largest values per field; ids whose count fell to zero leave `touched`. */
  snapshot(n: number): TopSnapshot {
    const strings = this.store.strings;
    const top = TOP_FIELDS.map((_, f) => {
      const counts = this.counts[f] ?? new Uint32Array(0);
      const listed = this.listed[f] ?? new Uint8Array(0);
      const kept: number[] = [];
      const byValue = new Map<string, number>();
      for (const id of this.touched[f] ?? []) {
        const count = counts[id] ?? 0;
        if (count === 0) {
          listed[id] = 0;
          continue;
        }
        kept.push(id);
        const value = strings.valueOrUndefined(id);
        // Empty values (a host process has no pod) are not counted: a bar for "" filters nothing.
        if (value !== undefined && value !== "") byValue.set(value, count);
      }
      this.touched[f] = kept;
      return topOf(byValue, n);
    });
    const [binary, pod, namespace, policy] = top as [
      TopEntry[],
      TopEntry[],
      TopEntry[],
      TopEntry[],
    ];
    return { binary, pod, namespace, policy };
  }

  /** Forgets every count (a full count follows). */
  clear(): void {
    const size = Math.max(1024, this.store.strings.idLimit);
    this.counts = TOP_FIELDS.map(() => new Uint32Array(size));
    this.listed = TOP_FIELDS.map(() => new Uint8Array(size));
    for (let f = 0; f < TOP_FIELDS.length; f++) this.touched[f] = [];
  }

  private grow(f: number, id: number): Uint32Array {
    const old = this.counts[f] ?? new Uint32Array(0);
    const size = Math.max(id + 1, this.store.strings.idLimit, old.length * 2);
    const next = new Uint32Array(size);
    next.set(old);
    this.counts[f] = next;
    const listed = new Uint8Array(size);
    listed.set(this.listed[f] ?? new Uint8Array(0));
    this.listed[f] = listed;
    return next;
  }
}
