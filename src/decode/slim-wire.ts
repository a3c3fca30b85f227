/**
 * Low-level reading for the partial decoder (slim-decode.ts): protobuf-es's BinaryReader with
 * its buffer in view, tags validated exactly as BinaryReader.tag() validates them, and the
 * `REFUSED` signal that makes the decoder give up and leave the event to `fromBinary`.
 */
import { BinaryReader, getTextEncoding, WireType } from "@bufbuild/protobuf/wire";
import type { KprobeArgument } from "../gen/tetragon/tetragon_pb.js";
import { BytesCache } from "./bytes-cache.js";

/** BinaryReader with its buffer in view (ranges of it are cached and decoded later). */
export class Reader extends BinaryReader {
  constructor(readonly data: Uint8Array) {
    super(data);
  }
}

/** Thrown inside the decoder to give up on the fast path; never escapes decodeSlim. */
class Refused extends Error {}
export const REFUSED = new Refused("refused by the partial decoder");

/** The caches that make repeats cheap; one per ingest worker. */
export class SlimCaches {
  readonly strings = new BytesCache<string>();
  readonly labels = new BytesCache<Readonly<Record<string, string>>>(4_096);
  /** Decoded kprobe arguments (never mutated by readers: shared between events). */
  readonly args = new BytesCache<KprobeArgument>(4_096);
}

const utf8 = getTextEncoding();
export const decodeString = (bytes: Uint8Array): string => utf8.decodeUtf8(bytes, true);

/** Wire types by number (a validated tag's low 3 bits index this). */
const WIRE_TYPES: readonly WireType[] = [
  WireType.Varint,
  WireType.Bit64,
  WireType.LengthDelimited,
  WireType.StartGroup,
  WireType.EndGroup,
  WireType.Bit32,
];

export function wireTypeOf(tag: number): WireType {
  const wt = WIRE_TYPES[tag & 7];
  if (wt === undefined) throw REFUSED;
  return wt;
}

/** A tag as BinaryReader.tag() validates it, without allocating the [no, type] pair. */
export function readTag(r: Reader): number {
  const start = r.pos;
  const tag = r.uint32();
  const read = r.pos - start;
  if (read > 5 || (read === 5 && (r.data[r.pos - 1] ?? 0) > 0x0f)) throw REFUSED;
  if (tag >>> 3 <= 0 || (tag & 7) > 5) throw REFUSED;
  return tag;
}

/** Start of a length-delimited field's payload; returns its end. */
export function open(r: Reader, wireType: WireType): number {
  if (wireType !== WireType.LengthDelimited) throw REFUSED;
  const len = r.uint32();
  const end = r.pos + len;
  if (end > r.len) throw REFUSED;
  return end;
}

export function close(r: Reader, end: number): void {
  if (r.pos !== end) throw REFUSED;
}

export function varint(wireType: WireType): void {
  if (wireType !== WireType.Varint) throw REFUSED;
}

export function str(r: Reader, wireType: WireType, c: SlimCaches): string {
  const end = open(r, wireType);
  const start = r.pos;
  r.pos = end;
  return start === end ? "" : c.strings.get(r.data, start, end, decodeString);
}

/** Marks a singular message field as seen; a second occurrence would need a merge. */
export function once(seen: number, bit: number): number {
  if ((seen & bit) !== 0) throw REFUSED;
  return seen | bit;
}
