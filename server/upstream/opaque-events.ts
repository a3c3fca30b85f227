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
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
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
  let nodeName = "";
  try {
    const reader = new BinaryReader(bytes);
    while (reader.pos < reader.len) {
      const [no, wireType] = reader.tag();
      if (no === nodeNameField && wireType === WireType.LengthDelimited) {
        nodeName = reader.string();
      } else {
        reader.skip(wireType, no);
      }
    }
  } catch (err) {
    throw new ConnectError(
      `parse binary: ${err instanceof Error ? err.message : String(err)}`,
      Code.Internal,
    );
  }
  return new OpaqueEvent(bytes, nodeName);
}

/** A relayed event with every field decoded, for clients that asked for JSON. */
export function toFullEvent(event: GetEventsResponse): GetEventsResponse {
  if (event.$unknown === undefined) return event;
  return fromBinary(GetEventsResponseSchema, toBinary(GetEventsResponseSchema, event));
}
