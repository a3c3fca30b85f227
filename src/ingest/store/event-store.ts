/**
 * The ingest worker's one buffer of events, shared by every tab: the last `capacity` events
 * as typed-array columns (segments.ts), their strings interned (intern-table.ts) and their
 * encoded bytes packed and compressed in blocks (byte-blocks.ts). Positions are absolute and
 * never reused: an event's position + 1 is its row id (`seq`) in every tab.
 *
 * Data flow: `append(bytes)` decodes the row fields (the partial decoder, or fromBinary when
 * it refuses; an event neither can read becomes a "malformed" row instead of ending the
 * stream), writes the columns, packs the bytes, counts drops that rate_limit_info events
 * report, and evicts the oldest event beyond the capacity. Readers: `rowView(pos)` (one row,
 * display-ready), `bytes(pos)` (the event as received, for the detail pane and export), the
 * segments for scans (`segment(pos)`). Invariants: positions in [start, end) are readable (their
 * columns also from `readableFrom`, up to one segment further back);
 * `end - start <= capacity`; received = every event ever appended.
 */
import { decodeRow } from "../../decode/decode-row.js";
import { msOf, rfc3339Of } from "../../decode/event-time.js";
import type { SlimTime } from "../../decode/slim-event.js";
import { SlimCaches } from "../../decode/slim-wire.js";
import { keyString } from "../../decode/to-row.js";
import { DEFAULT_CAPACITY, MAX_CAPACITY } from "../../model/capacity.js";
import { ALL_KINDS, type EventKind } from "../../model/event-kind.js";
import {
  STRING_FIELD_INDEX,
  STRING_FIELDS,
  type RowView,
  type StringField,
} from "../../model/row.js";
import { ByteBlocks, DEFAULT_BLOCKS, type BlockOptions } from "./byte-blocks.js";
import { InternTable } from "./intern-table.js";
import {
  HAS_PID,
  HAS_UID,
  SEGMENT_SIZE,
  SLOT_MASK,
  SegmentList,
  type Segment,
} from "./segments.js";

const KIND_INDEX: Readonly<Record<EventKind, number>> = Object.fromEntries(
  ALL_KINDS.map((k, i) => [k, i]),
) as Record<EventKind, number>;

const FIELDS = STRING_FIELDS.length;

export interface StoreOptions {
  readonly capacity: number;
  readonly blocks?: BlockOptions;
}

/** A capacity a tab asked for, made valid (a tab's localStorage is not trusted). */
export function clampCapacity(n: number): number {
  return Number.isFinite(n) ? Math.min(MAX_CAPACITY, Math.max(1, Math.floor(n))) : DEFAULT_CAPACITY;
}

function validCapacity(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CAPACITY) {
    throw new RangeError(`buffer capacity must be an integer in 1..${String(MAX_CAPACITY)}`);
  }
  return n;
}

export class EventStore {
  private readonly segs = new SegmentList();
  private readonly blocks: ByteBlocks;
  readonly strings = new InternTable<string>();
  readonly labelLists = new InternTable<readonly string[]>();
  private readonly labelIds = new WeakMap<readonly string[], number>();
  private readonly caches = new SlimCaches();
  /** Per string field, the last string written and its id: consecutive events repeat. */
  private readonly lastString: (string | undefined)[] = new Array<string | undefined>(FIELDS);
  private readonly lastId = new Uint32Array(FIELDS);
  private lastGeneration = -1;
  private startPos = 0;
  private endPos = 0;
  private cap: number;
  received = 0;
  evicted = 0;
  /** Drops reported by rate_limit_info events (Tetragon's limiter, or the gateway). */
  droppedReported = 0;

  constructor(options: StoreOptions) {
    this.cap = validCapacity(options.capacity);
    this.blocks = new ByteBlocks(options.blocks ?? DEFAULT_BLOCKS);
  }

  get start(): number {
    return this.startPos;
  }
  get end(): number {
    return this.endPos;
  }
  get size(): number {
    return this.endPos - this.startPos;
  }
  get capacity(): number {
    return this.cap;
  }

  /** Appends one encoded GetEventsResponse; returns its position. */
  append(bytes: Uint8Array): number {
    const pos = this.endPos;
    const { row, keyHash, time, reportedDrops } = decodeRow(bytes, this.caches, pos + 1);
    this.write(pos, row, keyHash, time, bytes);
    this.droppedReported += reportedDrops;
    this.endPos++;
    this.received++;
    if (this.endPos - this.startPos > this.cap) this.evictBefore(this.endPos - this.cap);
    return pos;
  }

  setCapacity(capacity: number): void {
    this.cap = validCapacity(capacity);
    if (this.size > this.cap) this.evictBefore(this.endPos - this.cap);
  }

  /** The segment holding `pos` (held positions, and evicted ones from `readableFrom`). */
  segment(pos: number): Segment {
    return this.segs.at(pos);
  }

  /**
   * The oldest position whose columns `segment` can still read: evicted events stay readable
   * until a segment more has been evicted after them (8,192 events), then their segment goes.
   */
  get readableFrom(): number {
    return this.segs.firstPos ?? this.endPos;
  }

  /** process.pid of a held event, undefined when it has none. */
  pidOf(pos: number): number | undefined {
    const seg = this.held(pos);
    const i = pos & SLOT_MASK;
    return (seg.flags[i] ?? 0) & HAS_PID ? seg.pid[i] : undefined;
  }

  kindOf(pos: number): EventKind {
    return ALL_KINDS[this.held(pos).kind[pos & SLOT_MASK] ?? 0] ?? "unknown";
  }

  /** Whether `pos` is in the buffer. */
  holds(pos: number): boolean {
    return pos >= this.startPos && pos < this.endPos;
  }

  private held(pos: number): Segment {
    if (!this.holds(pos)) throw new RangeError(`position ${String(pos)} is not held`);
    return this.segs.at(pos);
  }

  /** One held event as the table shows it. */
  rowView(pos: number): RowView {
    const seg = this.held(pos);
    const i = pos & SLOT_MASK;
    const seconds = seg.seconds[i] ?? NaN;
    const nanos = seg.nanos[i] ?? 0;
    const flags = seg.flags[i] ?? 0;
    const timed = !Number.isNaN(seconds);
    const row: Record<string, unknown> = {
      seq: pos + 1,
      kind: ALL_KINDS[seg.kind[i] ?? 0],
      timeMs: timed ? msOf(seconds, nanos) : NaN,
      time: timed ? rfc3339Of(seconds, nanos) : "",
      labels: this.labelLists.value(seg.labels[i] ?? 0),
      pid: flags & HAS_PID ? seg.pid[i] : undefined,
      uid: flags & HAS_UID ? seg.uid[i] : undefined,
      key: keyString(seg.key[i] ?? 0),
    };
    for (let f = 0; f < FIELDS; f++) {
      row[STRING_FIELDS[f] ?? ""] = this.strings.value(seg.strings[f * SEGMENT_SIZE + i] ?? 0);
    }
    return row as unknown as RowView;
  }

  /** The event's encoded bytes as received (a copy). */
  bytes(pos: number): Uint8Array {
    const seg = this.held(pos);
    const i = pos & SLOT_MASK;
    const block = seg.block[i] ?? 0;
    const offset = seg.offset[i] ?? 0;
    let end = this.blocks.rawLength(block);
    if (pos + 1 < this.endPos) {
      const next = this.segs.at(pos + 1);
      const j = (pos + 1) & SLOT_MASK;
      if (next.block[j] === block) end = next.offset[j] ?? end;
    }
    return this.blocks.read(block, offset, end - offset);
  }

  /** The newest held event whose key is `key` (the URL's `sel`). */
  findByKey(key: string): number | undefined {
    if (!/^[0-9a-z]{1,11}$/.test(key)) return undefined;
    const hash = parseInt(key, 36);
    return this.findLatest((seg, i) => seg.key[i] === hash);
  }

  /** The newest held position whose columns pass `test`, searching back from `before`. */
  findLatest(
    test: (seg: Segment, slot: number) => boolean,
    before = this.endPos,
  ): number | undefined {
    for (let pos = Math.min(before, this.endPos) - 1; pos >= this.startPos;) {
      const seg = this.segs.at(pos);
      const low = Math.max(this.startPos, seg.index * SEGMENT_SIZE);
      for (; pos >= low; pos--) if (test(seg, pos & SLOT_MASK)) return pos;
    }
    return undefined;
  }

  /** The newest held event of `kind` whose `field` is `value` (an exit's exec...). */
  findLatestWhere(kind: EventKind, field: StringField, value: string): number | undefined {
    const id = this.strings.idOf(value);
    if (id === undefined) return undefined;
    const k = KIND_INDEX[kind];
    const f = STRING_FIELD_INDEX[field];
    return this.findLatest((seg, i) => seg.kind[i] === k && seg.str(f, i) === id);
  }

  /** Bytes held for events (columns, interned strings excluded): for diagnostics. */
  get blockBytes(): { held: number; raw: number } {
    return { held: this.blocks.heldBytes, raw: this.blocks.rawBytes };
  }

  private write(
    pos: number,
    row: RowView,
    keyHash: number,
    time: SlimTime | undefined,
    bytes: Uint8Array,
  ): void {
    const seg = this.segs.forWrite(pos);
    const i = pos & SLOT_MASK;
    seg.kind[i] = KIND_INDEX[row.kind];
    seg.seconds[i] = time === undefined ? NaN : Number(time.seconds);
    seg.nanos[i] = time === undefined ? 0 : time.nanos;
    seg.noteTime(seg.timeMs(i));
    seg.flags[i] = (row.pid === undefined ? 0 : HAS_PID) | (row.uid === undefined ? 0 : HAS_UID);
    seg.pid[i] = row.pid ?? 0;
    seg.uid[i] = row.uid ?? 0;
    seg.key[i] = keyHash;
    seg.labels[i] = this.labelsId(row.labels, pos);
    if (this.strings.generation !== this.lastGeneration) {
      this.lastString.fill(undefined);
      this.lastGeneration = this.strings.generation;
    }
    for (let f = 0; f < FIELDS; f++) {
      const s = row[STRING_FIELDS[f] ?? "node"];
      let id: number;
      if (s === this.lastString[f]) {
        id = this.lastId[f] ?? 0;
        this.strings.touch(id, pos);
      } else {
        id = this.strings.intern(s, s, pos);
        this.lastString[f] = s;
        this.lastId[f] = id;
      }
      seg.strings[f * SEGMENT_SIZE + i] = id;
    }
    const at = this.blocks.append(bytes, pos);
    seg.block[i] = at.block;
    seg.offset[i] = at.offset;
  }

  private labelsId(labels: readonly string[], pos: number): number {
    const known = this.labelIds.get(labels);
    if (known !== undefined && this.labelLists.valueOrUndefined(known) === labels) {
      this.labelLists.touch(known, pos);
      return known;
    }
    const id = this.labelLists.intern(labels.join("\u0000"), labels, pos);
    this.labelIds.set(labels, id);
    return id;
  }

  private evictBefore(start: number): void {
    this.evicted += start - this.startPos;
    this.startPos = start;
    // One segment of evicted columns stays readable (readableFrom), so a view that showed them
    // can still subtract them from its counts (the counts strip's Top) at its next catch-up.
    this.segs.releaseBefore(Math.max(0, start - SEGMENT_SIZE));
    this.blocks.releaseBefore(start);
    if ((start & 1023) === 0 || this.size === 0) {
      this.strings.maybeSweep(start);
      this.labelLists.maybeSweep(start);
    }
  }
}
