/**
 * GetEvents without re-encoding: the gateway relays each event's fields as the agent sent
 * them instead of decoding the whole message and encoding it again.
 *
 * Why: protobuf-es encodes a large exec event several times slower than it decodes it; a
 * gateway that decoded and re-encoded every event forwarded only ~2,000 events/s on this
 * hardware while a direct client read ~12,000/s. Read with an empty schema, every field of a
 * GetEventsResponse lands in `$unknown` in wire order; a GetEventsResponse whose only content
 * is that list encodes back to the same bytes. Only `node_name` (field 1000) is read, for the
 * per-agent status and drop notices.
 *
 * Clients that asked for JSON (Connect or gRPC-Web with +json) need real fields, so
 * `toFullEvent` decodes those (rare) streams properly.
 *
 * `bytes` is the event's encoded message exactly as the agent sent it, for writers that frame
 * events themselves (routes/grpc-web-events.ts): the unknown fields' data are views into the
 * one buffer the message was read from, so when they lie back to back (always, for a
 * minimally encoded tag) the message is a view spanning them — no copy, no encoding.
 */
import { create, fromBinary, toBinary, type DescMethodStreaming } from "@bufbuild/protobuf";
import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { type Empty, EmptySchema } from "@bufbuild/protobuf/wkt";
import {
  type GetEventsRequestSchema,
  type GetEventsResponse,
  GetEventsResponseSchema,
} from "../../src/gen/tetragon/events_pb.js";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";

/** GetEvents as an upstream client sees it when it keeps every event field opaque. */
export const opaqueGetEvents: DescMethodStreaming<
  typeof GetEventsRequestSchema,
  typeof EmptySchema
> = { ...FineGuidanceSensors.method.getEvents, output: EmptySchema };

const nodeNameField = 1000;

type UnknownFields = NonNullable<Empty["$unknown"]>;

/** The relayed event and the node it came from. */
export class OpaqueEvent {
  private built: GetEventsResponse | undefined;
  private encoded: Uint8Array | undefined;

  constructor(
    /** Views into the message's buffer; undefined once compacted. */
    private fields: UnknownFields | undefined,
    readonly nodeName: string,
  ) {}

  /** The event as a message whose fields are all unknown (encodes to the same bytes). */
  get message(): GetEventsResponse {
    if (this.built === undefined) {
      this.built = create(GetEventsResponseSchema);
      this.built.$unknown = this.fields ?? fromBinary(EmptySchema, this.bytes).$unknown ?? [];
    }
    return this.built;
  }

  /** The encoded message, byte for byte as the agent sent it. */
  get bytes(): Uint8Array {
    this.encoded ??= contiguous(this.fields ?? []) ?? encode(this.fields ?? []);
    return this.encoded;
  }

  /**
   * Keeps only the encoded bytes: one view, instead of the list of unknown fields (an object
   * and a view per field, often more heap than the event's own bytes). For events about to
   * wait in a queue. No copy: connect reads each message into a buffer of its own (its
   * envelope decoder allocates exactly the message's length), so the view holds nothing else.
   */
  compact(): void {
    if (this.fields === undefined) return;
    this.encoded = this.bytes;
    this.fields = undefined;
    this.built = undefined;
  }
}

export function fromOpaque(opaque: Empty): OpaqueEvent {
  const unknown = opaque.$unknown ?? [];
  let nodeName = "";
  for (const field of unknown) {
    if (field.no === nodeNameField && field.wireType === WireType.LengthDelimited) {
      nodeName = new BinaryReader(field.data).string();
    }
  }
  return new OpaqueEvent(unknown, nodeName);
}

/** Bytes of a minimal varint. */
function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

/** One view over the message, when every field's tag + data lie back to back in one buffer. */
function contiguous(fields: UnknownFields): Uint8Array | undefined {
  const first = fields[0];
  if (first === undefined) return new Uint8Array(0);
  const buffer = first.data.buffer;
  const start = first.data.byteOffset - varintSize(first.no * 8 + first.wireType);
  if (start < 0) return undefined;
  let end = start;
  for (const f of fields) {
    const at = end + varintSize(f.no * 8 + f.wireType);
    if (f.data.buffer !== buffer || f.data.byteOffset !== at) return undefined;
    end = at + f.data.byteLength;
  }
  const view = new Uint8Array(buffer, start, end - start);
  // The tags must be the bytes we assumed (minimal varints of each field's key).
  const check = new BinaryReader(view);
  try {
    for (const f of fields) {
      const [no, wireType] = check.tag();
      if (no !== f.no || wireType !== f.wireType) return undefined;
      check.pos += f.data.byteLength;
    }
  } catch {
    return undefined; // not even a tag there: the agent padded one
  }
  return view;
}

function encode(fields: UnknownFields): Uint8Array {
  const writer = new BinaryWriter();
  for (const f of fields) writer.tag(f.no, f.wireType).raw(f.data);
  return writer.finish();
}

/** A relayed event with every field decoded, for clients that asked for JSON. */
export function toFullEvent(event: GetEventsResponse): GetEventsResponse {
  if (event.$unknown === undefined) return event;
  return fromBinary(GetEventsResponseSchema, toBinary(GetEventsResponseSchema, event));
}
