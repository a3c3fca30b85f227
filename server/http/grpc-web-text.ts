/**
 * `application/grpc-web-text`: gRPC-Web with a base64 body, the default mode of Google's
 * protoc-gen-grpc-web clients. connect-node speaks only binary gRPC-Web (it answers text
 * with 415), so the gateway translates in front of it: the request body is decoded and the
 * content type rewritten to `application/grpc-web+proto`; the response's content type is
 * set back to the text type and every write is base64-encoded on its own. The gRPC-Web spec
 * allows exactly that ("the implementation may send base64-encoded chunks with potential
 * padding whenever the runtime needs to flush"), and clients decode padded segments in turn;
 * our request decoder accepts them too. Everything behind (routes, refusals, the direct
 * event-frame writer) sees binary gRPC-Web and needs no change.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import type { NodeRequest, NodeResponse } from "./node-types.js";
import { transformBody } from "./request-body.js";

const textType = /^application\/grpc-web-text(\+proto)?\s*(;|$)/i;
const binaryType = /^application\/grpc-web(\+proto)?$/i;

/** Translates a gRPC-Web text call to binary in place; false for any other request. */
export function translateGrpcWebText(req: NodeRequest, res: NodeResponse): boolean {
  const requested = req.headers["content-type"] ?? "";
  if (!textType.test(requested)) return false;
  req.headers["content-type"] = "application/grpc-web+proto";
  transformBody(req, decodeBase64);
  encodeResponse(res, requested.split(";")[0]?.trim().toLowerCase() ?? "application/grpc-web-text");
  return true;
}

/** One padded base64 segment: whole groups, padding only at the end. */
const segment = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes a base64 body that may be several padded segments back to back. */
export async function* decodeBase64(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending = "";
  for await (const chunk of source) {
    pending += chunk.toString("latin1").replace(/[\r\n\t ]/g, "");
    const whole = pending.length - (pending.length % 4);
    if (whole === 0) continue;
    const ready = pending.slice(0, whole);
    pending = pending.slice(whole);
    yield decodeSegments(ready);
  }
  if (pending !== "") throw notBase64("it ends in the middle of a base64 group");
}

function decodeSegments(text: string): Buffer {
  // A group ending in '=' closes a segment; the next group starts a new one.
  const parts = text.split(/(?<==)(?=[^=])/);
  return Buffer.concat(
    parts.map((part) => {
      if (!segment.test(part)) throw notBase64("it holds characters or padding base64 does not");
      return Buffer.from(part, "base64");
    }),
  );
}

function notBase64(why: string): ConnectError {
  return new ConnectError(
    `the grpc-web-text request body is not valid base64: ${why}`,
    Code.InvalidArgument,
  );
}

type Write = (chunk: unknown, encoding?: unknown, cb?: unknown) => boolean;
type End = (chunk?: unknown, encoding?: unknown, cb?: unknown) => unknown;
type SetHeader = (name: string, value: unknown) => unknown;
type WriteHead = (status: number, ...rest: unknown[]) => unknown;

/** Text content type out, base64 bytes out, for every way connect and we write. */
function encodeResponse(res: NodeResponse, contentType: string): void {
  const target = res as unknown as {
    write: Write;
    end: End;
    setHeader: SetHeader;
    writeHead: WriteHead;
  };
  const write = target.write.bind(res);
  const end = target.end.bind(res);
  const setHeader = target.setHeader.bind(res);
  const writeHead = target.writeHead.bind(res);
  const text = (value: unknown): unknown =>
    typeof value === "string" && binaryType.test(value) ? contentType : value;
  const base64 = (chunk: unknown, encoding: unknown): string => {
    const bytes =
      typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
        : Buffer.from(chunk as Uint8Array);
    return bytes.toString("base64");
  };
  target.setHeader = (name, value) =>
    setHeader(name, name.toLowerCase() === "content-type" ? text(value) : value);
  target.writeHead = (status, ...rest) => {
    const at = typeof rest[0] === "string" ? 1 : 0; // (status, statusMessage?, headers?)
    const headers = rest[at];
    if (typeof headers === "object" && headers !== null && !Array.isArray(headers)) {
      const mapped: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(headers))
        mapped[k] = k.toLowerCase() === "content-type" ? text(v) : v;
      rest[at] = mapped;
    }
    return writeHead(status, ...rest);
  };
  target.write = (chunk, encoding, cb) => {
    const callback = typeof encoding === "function" ? encoding : cb;
    return write(base64(chunk, encoding), "latin1", callback);
  };
  target.end = (chunk, encoding, cb) => {
    if (typeof chunk === "function" || chunk === undefined || chunk === null)
      return end(chunk, encoding, cb);
    const callback = typeof encoding === "function" ? encoding : cb;
    return end(base64(chunk, encoding), "latin1", callback);
  };
}
