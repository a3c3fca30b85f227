/**
 * GetEvents without decoding: the gateway relays each event's encoded GetEventsResponse
 * byte for byte as the agent sent it (get-events-call.ts hands them over unparsed).
 *
 * Why: protobuf-es encodes a large exec event several times slower than it decodes it; a
 * gateway that decoded and re-encoded every event forwarded only ~2,000 events/s on this
 * hardware while a direct client read ~12,000/s. Even reading every field as an unknown one
 * (an object and a view per field) and the async pipeline that parsed it were most of the
 * gateway's remaining CPU per event. Only the top-level fields are walked here, once, to read
 * `node_name` (field 1000) for the per-agent status and drop notices.
 *
 * `message` is the event as a GetEventsResponse whose fields are all unknown (it encodes back
 * to the same bytes), built only for writers that go through connect's serializer; clients
 * that asked for JSON need real fields, so `toFullEvent` decodes those (rare) streams.
 *
 * Memory: `bytes` may be a view into the chunk the event arrived in (with its neighbours);
 * `compact` gives an event that is about to wait in a queue a buffer of its own, so what a
 * queue holds is its events' bytes, which is what the memory budget counts.
 */
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { EmptySchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type GetEventsResponse,
  GetEventsResponseSchema,
} from "../../src/gen/tetragon/events_pb.js";

const nodeNameField = 1000;

/** The relayed event and the node it came from. */
export class OpaqueEvent {
  private built: GetEventsResponse | undefined;

  constructor(
    private encoded: Uint8Array,
    readonly nodeName: string,
  ) {}

  /** The encoded message, byte for byte as the agent sent it. */
  get bytes(): Uint8Array {
    return this.encoded;
  }

  /** The event as a message whose fields are all unknown (encodes to the same bytes). */
  get message(): GetEventsResponse {
    if (this.built === undefined) {
      this.built = create(GetEventsResponseSchema);
      this.built.$unknown = fromBinary(EmptySchema, this.encoded).$unknown ?? [];
    }
    return this.built;
  }

  /**
   * Gives the bytes a buffer of their own when they are a view into a larger one (the chunk
   * they arrived in), and drops the unknown-field form. For events about to wait in a queue.
   */
  compact(): void {
    if (this.encoded.byteLength !== this.encoded.buffer.byteLength) {
      this.encoded = this.encoded.slice();
    }
    this.built = undefined;
  }
}

/**
 * The event in `bytes` (an encoded GetEventsResponse), not copied. Throws a ConnectError
 * (Internal, as connect's parser did) when its top-level fields are not valid protobuf.
 */
export function readEvent(bytes: Uint8Array): OpaqueEvent {
  try {
    return new OpaqueEvent(bytes, nodeNameOf(bytes));
  } catch (err) {
    throw new ConnectError(
      `parse binary: ${err instanceof Error ? err.message : String(err)}`,
      Code.Internal,
    );
  }
}

/*
 * The top-level walk, by hand: it runs once per relayed event, and protobuf-es's
 * BinaryReader allocates a reader, a DataView, a [field, wire type] pair per tag and a view
 * per skipped field — garbage the gateway's collector then pays for at 10,000+ events/s.
 * Same checks as BinaryReader: tags within uint32, field numbers > 0, wire types 0-5, groups
 * closed by their own field number, nothing past the end.
 */

/** Wire types (protobuf-es's WireType, as plain numbers: they are read from the wire). */
const wire = {
  varint: 0,
  bit64: 1,
  lengthDelimited: 2,
  startGroup: 3,
  endGroup: 4,
  bit32: 5,
} as const;

/** The walk's position in the event being read. */
let at = 0;

function varint(b: Uint8Array): number {
  let value = 0;
  for (let shift = 0; shift < 70; shift += 7) {
    if (at >= b.length) throw new Error("premature EOF");
    const byte = b[at++] ?? 0;
    if (shift < 49) value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return value;
  }
  throw new Error("invalid varint");
}

/** Skips the value of a field of `wireType`; `depth` bounds nested groups. */
function skip(b: Uint8Array, fieldNo: number, wireType: number, depth: number): void {
  switch (wireType) {
    case wire.varint:
      varint(b);
      break;
    case wire.bit64:
      at += 8;
      break;
    case wire.bit32:
      at += 4;
      break;
    case wire.lengthDelimited: {
      const length = varint(b); // (not `at += varint(b)`: that adds to `at` as it was before)
      at += length;
      break;
    }
    case wire.startGroup: {
      if (depth <= 0) throw new Error("maximum recursion depth reached");
      for (;;) {
        const k = key(b);
        const [no, type] = [Math.floor(k / 8), k % 8];
        if (type === wire.endGroup) {
          if (no !== fieldNo) throw new Error("invalid end group tag");
          break;
        }
        skip(b, no, type, depth - 1);
      }
      break;
    }
    default:
      throw new Error(`cant skip wire type ${String(wireType)}`);
  }
  if (at > b.length) throw new Error("premature EOF");
}

/** Reads a tag's key (field number × 8 + wire type), checked as BinaryReader.tag does. */
function key(b: Uint8Array): number {
  const k = varint(b);
  const no = Math.floor(k / 8);
  const wireType = k % 8;
  if (k > 0xffffffff || no <= 0 || wireType > 5) {
    throw new Error(`illegal tag: field no ${String(no)} wire type ${String(wireType)}`);
  }
  return k;
}

function nodeNameOf(b: Uint8Array): string {
  at = 0;
  let name = "";
  while (at < b.length) {
    const k = key(b);
    const no = Math.floor(k / 8);
    const wireType = k % 8;
    if (no === nodeNameField && wireType === wire.lengthDelimited) {
      const length = varint(b);
      if (at + length > b.length) throw new Error("premature EOF");
      name = utf8At(b, at, at + length);
      at += length;
    } else {
      skip(b, no, wireType, 100);
    }
  }
  return name;
}

/** One agent sends one node name: decoded once, then recognised by its bytes. */
let lastNameBytes = new Uint8Array(0);
let lastName = "";
const utf8 = new TextDecoder();

function utf8At(b: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length === lastNameBytes.length) {
    let same = true;
    for (let i = 0; i < length; i++) {
      if (b[start + i] !== lastNameBytes[i]) {
        same = false;
        break;
      }
    }
    if (same) return lastName;
  }
  lastNameBytes = b.slice(start, end);
  lastName = utf8.decode(lastNameBytes);
  return lastName;
}

/** A relayed event with every field decoded, for clients that asked for JSON. */
export function toFullEvent(event: GetEventsResponse): GetEventsResponse {
  if (event.$unknown === undefined) return event;
  return fromBinary(GetEventsResponseSchema, toBinary(GetEventsResponseSchema, event));
}
