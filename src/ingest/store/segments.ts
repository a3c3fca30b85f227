/**
 * The store's columns: typed arrays in segments of SEGMENT_SIZE consecutive positions,
 * allocated as the buffer fills and dropped once every position in them is evicted (the store
 * keeps one segment more, event-store.ts `readableFrom`), so memory follows what is held (a
 * 1,000,000-event capacity costs nothing until it fills).
 * String fields are ids into the store's InternTable, one Uint32Array per segment laid out
 * field-major (`strings[field * SEGMENT_SIZE + slot]`), so a filter scanning one field reads
 * contiguous memory.
 */
import { STRING_FIELDS } from "../../model/row.js";

export const SEGMENT_BITS = 13;
export const SEGMENT_SIZE = 1 << SEGMENT_BITS;
export const SLOT_MASK = SEGMENT_SIZE - 1;

/** flags bits */
export const HAS_PID = 1;
export const HAS_UID = 2;

export class Segment {
  /** Index into ALL_KINDS. */
  readonly kind = new Uint8Array(SEGMENT_SIZE);
  readonly flags = new Uint8Array(SEGMENT_SIZE);
  /** Number(time.seconds), NaN when the event has no time. */
  readonly seconds = new Float64Array(SEGMENT_SIZE);
  readonly nanos = new Int32Array(SEGMENT_SIZE);
  readonly pid = new Uint32Array(SEGMENT_SIZE);
  readonly uid = new Uint32Array(SEGMENT_SIZE);
  /** The selection key's 53-bit hash (its URL form is base 36). */
  readonly key = new Float64Array(SEGMENT_SIZE);
  /** Label list id. */
  readonly labels = new Uint32Array(SEGMENT_SIZE);
  readonly strings = new Uint32Array(SEGMENT_SIZE * STRING_FIELDS.length);
  /** Where the encoded bytes are: block number and offset in it. */
  readonly block = new Uint32Array(SEGMENT_SIZE);
  readonly offset = new Uint32Array(SEGMENT_SIZE);
  /** Earliest and latest event time written here (epoch ms): a time window skips the rest. */
  minMs = Infinity;
  maxMs = -Infinity;

  constructor(readonly index: number) {}

  /** Widens [minMs, maxMs] to an event written here (NaN, no time, changes nothing). */
  noteTime(ms: number): void {
    if (ms < this.minMs) this.minMs = ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  /** Event time in epoch ms at `slot` (NaN without a time). */
  timeMs(slot: number): number {
    const s = this.seconds[slot] ?? NaN;
    return s * 1000 + Math.floor((this.nanos[slot] ?? 0) / 1_000_000);
  }

  str(field: number, slot: number): number {
    return this.strings[field * SEGMENT_SIZE + slot] ?? 0;
  }
}

/** Segments by index, oldest first, as a sliding window over positions. */
export class SegmentList {
  private list: Segment[] = [];
  private head = 0;

  /** The segment holding `pos`, allocating it when `pos` is the first of a new segment. */
  forWrite(pos: number): Segment {
    const index = pos >>> SEGMENT_BITS;
    if (this.head === this.list.length) {
      this.list = [];
      this.head = 0;
    }
    const last = this.list[this.list.length - 1];
    if (last !== undefined && last.index === index) return last;
    const seg = new Segment(index);
    this.list.push(seg);
    return seg;
  }

  /** The segment holding `pos` (the caller knows `pos` is held). */
  at(pos: number): Segment {
    const first = this.list[this.head];
    const seg =
      first === undefined ? undefined : this.list[this.head + (pos >>> SEGMENT_BITS) - first.index];
    if (seg === undefined) throw new RangeError(`position ${String(pos)} is not held`);
    return seg;
  }

  /** Drops segments whose positions are all below `start`. */
  releaseBefore(start: number): void {
    const keepFrom = start >>> SEGMENT_BITS;
    while (this.head < this.list.length && (this.list[this.head]?.index ?? keepFrom) < keepFrom) {
      this.head++;
    }
    if (this.head > 16 && this.head * 2 > this.list.length) {
      this.list = this.list.slice(this.head);
      this.head = 0;
    }
  }

  /** The first position of the oldest segment held, undefined when none is. */
  get firstPos(): number | undefined {
    const first = this.list[this.head];
    return first === undefined ? undefined : first.index * SEGMENT_SIZE;
  }

  clear(): void {
    this.list = [];
    this.head = 0;
  }

  get count(): number {
    return this.list.length - this.head;
  }
}
