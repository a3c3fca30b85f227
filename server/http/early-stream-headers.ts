/**
 * Sends the response headers of a gRPC-Web GetEvents call as soon as the call is accepted.
 *
 * Why: connect-node writes response headers only together with the first message, so a
 * stream from a quiet agent (or a filter nothing matches) would never deliver headers and the
 * page could not tell "connected, nothing happening" from "still connecting".
 *
 * How: for a gRPC-Web GetEvents request we write the 200 status and content type at once and
 * turn connect's later `writeHead` into a no-op. gRPC-Web always carries the status in a
 * trailer frame in the body, except a "trailers-only" error response, where connect puts
 * grpc-status in the headers: those headers are re-sent as a trailer frame, so an early error
 * (an oversized filter, say) still reaches the client with its code and message.
 *
 * Compression is negotiated in those late headers (grpc-encoding), so for these streams the
 * client's grpc-accept-encoding is removed before connect sees it: the events go uncompressed
 * (gateway to browser is a local hop) and every frame is readable with the headers we sent.
 *
 * With the headers sent, the GetEvents handler may write event frames straight to the
 * response (`eventSinkKey`, see routes/get-events.ts) instead of through connect's per-message
 * serializer; connect still writes the final trailer frame. Writes are coalesced per
 * event-loop turn (cork-per-tick.ts).
 */
import type { OutgoingHttpHeaders } from "node:http";
import { createContextKey } from "@connectrpc/connect";
import { corkPerTick } from "./cork-per-tick.js";
import type { NodeRequest, NodeResponse } from "./node-types.js";

const streamingPath = "/tetragon.FineGuidanceSensors/GetEvents";
const grpcWebContentType = /^application\/grpc-web(\+proto)?$/;
const grpcContentType = /^application\/grpc(\+proto|\+json)?$/;
const trailerHeaders = ["grpc-status", "grpc-message", "grpc-status-details-bin"];

/**
 * The raw response of a binary gRPC-Web GetEvents call whose headers were sent early, for the
 * handler to write event frames to directly (undefined for every other call).
 */
export const eventSinkKey = createContextKey<NodeResponse | undefined>(undefined, {
  description: "binary gRPC-Web GetEvents response with headers sent",
});

/** Returns true when it took over the headers (a binary gRPC-Web GetEvents call). */
export function sendStreamHeadersEarly(req: NodeRequest, res: NodeResponse): boolean {
  const contentType = req.headers["content-type"] ?? "";
  if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== streamingPath) return false;
  if (grpcContentType.test(contentType)) {
    // Native gRPC: headers go out with connect as usual, but events are not gzipped either —
    // per-event compression was the h2c path's largest cost (see docs/PERFORMANCE.md).
    delete req.headers["grpc-accept-encoding"];
    return false;
  }
  if (!grpcWebContentType.test(contentType)) return false;

  delete req.headers["grpc-accept-encoding"];
  res.writeHead(200, { "content-type": contentType });
  // HTTP/1.1 only buffers headers until flushed; the HTTP/2 compat response sends them on
  // writeHead and has no flushHeaders.
  if ("flushHeaders" in res && typeof res.flushHeaders === "function") res.flushHeaders();
  const lateWriteHead = (_status: number, headers?: OutgoingHttpHeaders): NodeResponse => {
    const trailer = trailerFrame(headers ?? {});
    if (trailer !== undefined) res.write(trailer);
    return res;
  };
  // Both http.ServerResponse and Http2ServerResponse declare writeHead with overloads; the
  // adapter only ever calls (status, headers).
  (res as { writeHead: typeof lateWriteHead }).writeHead = lateWriteHead;
  corkPerTick(res);
  return true;
}

/** A gRPC-Web trailer frame (flag 0x80) holding grpc-status and friends, if present. */
export function trailerFrame(headers: OutgoingHttpHeaders): Buffer | undefined {
  const lines = trailerHeaders
    .filter((name) => headers[name] !== undefined)
    .map((name) => `${name}: ${String(headers[name])}\r\n`);
  if (lines.length === 0) return undefined;
  const body = Buffer.from(lines.join(""), "latin1");
  const frame = Buffer.alloc(5 + body.length);
  frame.writeUInt8(0x80, 0);
  frame.writeUInt32BE(body.length, 1);
  body.copy(frame, 5);
  return frame;
}
