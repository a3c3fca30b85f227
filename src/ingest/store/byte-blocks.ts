/**
 * Every held event's encoded bytes, packed back to back in large blocks instead of one
 * ArrayBuffer per event or per batch, and compressed per block once the block is full:
 * events repeat most of their bytes (pod, labels, parent, image), so a block of a hundred
 * events shrinks several times over. The codec is Snappy (snappyjs) by default: on the
 * benchmark's events it compresses 1,872 B/event to ~255 at ~5 µs/event, where deflate
 * (fflate) reaches ~120-140 B but costs 40-60 µs/event, more than the whole rest of the
 * worker's ingest (docs/PERFORMANCE.md). The detail pane and export read one event back: its
 * block is decompressed (a small cache keeps the last few).
 *
 * Data flow: `append(bytes, pos)` copies into the open block and returns where the event
 * landed ({block, offset}); a full open block is sealed (compressed) and a fresh one opened;
 * `read(block, offset, length)` copies one event out; `releaseBefore(pos)` drops sealed
 * blocks whose events were all evicted. Invariants: blocks are numbered in append order and
 * hold contiguous positions; the open block is never compressed; an event larger than a block
 * gets a block of its own.
 */
import { deflateSync, inflateSync } from "fflate";
import { compress, uncompress } from "snappyjs";

export type BlockCodec = "snappy" | "deflate" | "none";

interface Sealed {
  readonly seq: number;
  readonly lastPos: number;
  readonly rawLength: number;
  readonly data: Uint8Array;
  readonly codec: BlockCodec;
}

export interface BlockOptions {
  /** Bytes per block (the unit of compression and of release). */
  readonly blockBytes: number;
  readonly codec: BlockCodec;
}

export const DEFAULT_BLOCKS: BlockOptions = { blockBytes: 256 * 1024, codec: "snappy" };

function pack(raw: Uint8Array, codec: BlockCodec): Uint8Array {
  switch (codec) {
    case "snappy":
      return tight(compress(raw));
    case "deflate":
      return tight(deflateSync(raw, { level: 1 }));
    case "none":
      return raw.slice();
  }
}

function unpack(b: Sealed): Uint8Array {
  switch (b.codec) {
    case "snappy":
      return uncompress(b.data, b.rawLength);
    case "deflate":
      return inflateSync(b.data, { out: new Uint8Array(b.rawLength) });
    case "none":
      return b.data;
  }
}

/** A copy whose ArrayBuffer is exactly its size (no hidden slack kept alive). */
function tight(a: Uint8Array): Uint8Array {
  return a.byteLength === a.buffer.byteLength ? a : a.slice();
}

export class ByteBlocks {
  private sealed: Sealed[] = [];
  private head = 0;
  /** Sequence number of sealed[head]. */
  private headSeq = 0;
  private open: Uint8Array;
  private fill = 0;
  private openSeq = 0;
  private openLastPos = -1;
  private readonly inflated = new Map<number, Uint8Array>();
  private sealedBytes = 0;
  private sealedRaw = 0;

  constructor(private readonly options: BlockOptions = DEFAULT_BLOCKS) {
    this.open = new Uint8Array(options.blockBytes);
  }

  append(bytes: Uint8Array, pos: number): { block: number; offset: number } {
    if (this.fill + bytes.length > this.open.length) {
      this.seal();
      if (bytes.length > this.open.length) {
        // A giant event (a 1 MiB argument): a block of its own, sealed at once.
        const block = this.openSeq++;
        this.push(block, pos, bytes);
        return { block, offset: 0 };
      }
    }
    this.open.set(bytes, this.fill);
    const at = { block: this.openSeq, offset: this.fill };
    this.fill += bytes.length;
    this.openLastPos = pos;
    return at;
  }

  /** Length of the raw data of `block` (for the last event's length). */
  rawLength(block: number): number {
    if (block === this.openSeq) return this.fill;
    return this.sealedBlock(block).rawLength;
  }

  /** A copy of one event's bytes. */
  read(block: number, offset: number, length: number): Uint8Array {
    if (block === this.openSeq) return this.open.slice(offset, offset + length);
    return this.raw(block).slice(offset, offset + length);
  }

  /** Drops sealed blocks whose events are all before `pos`. */
  releaseBefore(pos: number): void {
    while (this.head < this.sealed.length) {
      const b = this.sealed[this.head];
      if (b === undefined || b.lastPos >= pos) break;
      this.sealedBytes -= b.data.byteLength;
      this.sealedRaw -= b.rawLength;
      this.inflated.delete(b.seq);
      this.head++;
      this.headSeq++;
    }
    if (this.head > 64 && this.head * 2 > this.sealed.length) {
      this.sealed = this.sealed.slice(this.head);
      this.head = 0;
    }
    if (this.openLastPos >= 0 && this.openLastPos < pos) {
      // Everything in the open block was evicted too: start it over.
      this.fill = 0;
      this.openLastPos = -1;
    }
  }

  clear(): void {
    this.releaseBefore(Number.POSITIVE_INFINITY);
  }

  /** Bytes held (compressed sealed blocks plus the open block's buffer). */
  get heldBytes(): number {
    return this.sealedBytes + this.open.byteLength;
  }

  /** Raw (uncompressed) bytes held in sealed blocks plus the open block's fill. */
  get rawBytes(): number {
    return this.sealedRaw + this.fill;
  }

  private seal(): void {
    if (this.fill === 0) return;
    this.push(this.openSeq++, this.openLastPos, this.open.subarray(0, this.fill));
    this.fill = 0;
    this.openLastPos = -1;
  }

  private push(seq: number, lastPos: number, raw: Uint8Array): void {
    if (this.sealed.length === this.head) this.headSeq = seq;
    const codec = this.options.codec;
    const data = pack(raw, codec);
    this.sealed.push({ seq, lastPos, rawLength: raw.length, data, codec });
    this.sealedBytes += data.byteLength;
    this.sealedRaw += raw.length;
  }

  private sealedBlock(seq: number): Sealed {
    const b = this.sealed[this.head + seq - this.headSeq];
    if (b?.seq !== seq) throw new RangeError(`block ${String(seq)} is not held`);
    return b;
  }

  private raw(seq: number): Uint8Array {
    const b = this.sealedBlock(seq);
    if (b.codec === "none") return b.data;
    let out = this.inflated.get(seq);
    if (out === undefined) {
      out = unpack(b);
      if (this.inflated.size >= 4) {
        const oldest = this.inflated.keys().next().value;
        if (oldest !== undefined) this.inflated.delete(oldest);
      }
      this.inflated.set(seq, out);
    }
    return out;
  }
}
