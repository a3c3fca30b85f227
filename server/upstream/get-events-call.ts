/**
 * GetEvents to an agent over gRPC, yielding each event's encoded GetEventsResponse as the
 * agent sent it, a chunk's worth at a time (grpc-frames.ts), never parsed.
 *
 * The call itself is connect's: its HTTP/2 client (the agent connection's session manager,
 * so lost-connection detection and keepalive are unchanged) and its gRPC helpers for the
 * request headers, the response headers and the trailer, so every failure is the same
 * ConnectError (code, agent metadata) that connect's transport raised and the supervisor
 * classifies it the same way. Only the body is read here, synchronously per chunk.
 *
 * No compression is offered (no grpc-accept-encoding), so a compliant agent sends plain
 * messages; Tetragon does anyway. Leaving the loop early, failing or ending cancels the
 * HTTP/2 stream (RST_STREAM CANCEL).
 */
import { toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  createAsyncIterable,
  createMethodUrl,
  type UniversalClientFn,
} from "@connectrpc/connect/protocol";
import {
  requestHeader,
  validateResponse,
  validateTrailer,
} from "@connectrpc/connect/protocol-grpc";
import { type GetEventsRequest, GetEventsRequestSchema } from "../../src/gen/tetragon/events_pb.js";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { GrpcFrameSplitter } from "./grpc-frames.js";

export interface GetEventsCallOptions {
  httpClient: UniversalClientFn;
  baseUrl: string;
  readMaxBytes: number;
}

/** The request as one gRPC envelope. */
function envelope(request: GetEventsRequest): Uint8Array {
  const message = toBinary(GetEventsRequestSchema, request);
  const out = new Uint8Array(5 + message.length);
  new DataView(out.buffer).setUint32(1, message.length);
  out.set(message, 5);
  return out;
}

export async function* getEventMessages(
  options: GetEventsCallOptions,
  request: GetEventsRequest,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array[]> {
  const done = new AbortController();
  try {
    const res = await options.httpClient({
      url: createMethodUrl(options.baseUrl, FineGuidanceSensors.method.getEvents),
      method: "POST",
      header: requestHeader(true, undefined, undefined),
      signal: AbortSignal.any([signal, done.signal]),
      body: createAsyncIterable([envelope(request)]),
    });
    const { foundStatus, headerError } = validateResponse(res.status, res.header);
    if (headerError !== undefined) throw headerError;
    const splitter = new GrpcFrameSplitter(options.readMaxBytes);
    for await (const chunk of res.body) {
      const messages = splitter.push(chunk);
      if (messages.length > 0) yield messages;
    }
    splitter.end();
    // A trailers-only response carried its (OK) status in the headers.
    if (!foundStatus) validateTrailer(res.trailer, res.header);
  } finally {
    done.abort(new ConnectError("the event stream was closed", Code.Canceled));
  }
}
