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
 */
import type { OutgoingHttpHeaders } from "node:http";
import type { NodeRequest, NodeResponse } from "./node-types.js";

const streamingPath = "/tetragon.FineGuidanceSensors/GetEvents";
const grpcWebContentType = /^application\/grpc-web(\+proto)?$/;
const trailerHeaders = ["grpc-status", "grpc-message", "grpc-status-details-bin"];

export function sendStreamHeadersEarly(req: NodeRequest, res: NodeResponse): void {
  const contentType = req.headers["content-type"] ?? "";
  if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== streamingPath) return;
  if (!grpcWebContentType.test(contentType)) return;

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
