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
 */
import { create, fromBinary, toBinary, type DescMethodStreaming } from "@bufbuild/protobuf";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
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

/** The relayed event and the node it came from. */
export interface OpaqueEvent {
  readonly message: GetEventsResponse;
  readonly nodeName: string;
}

export function fromOpaque(opaque: Empty): OpaqueEvent {
  const message = create(GetEventsResponseSchema);
  const unknown = opaque.$unknown ?? [];
  message.$unknown = unknown;
  let nodeName = "";
  for (const field of unknown) {
    if (field.no === nodeNameField && field.wireType === WireType.LengthDelimited) {
      nodeName = new BinaryReader(field.data).string();
    }
  }
  return { message, nodeName };
}

/** A relayed event with every field decoded, for clients that asked for JSON. */
export function toFullEvent(event: GetEventsResponse): GetEventsResponse {
  if (event.$unknown === undefined) return event;
  return fromBinary(GetEventsResponseSchema, toBinary(GetEventsResponseSchema, event));
}
