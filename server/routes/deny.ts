/**
 * Local refusal of every RPC the gateway does not forward, in the caller's own protocol
 * (gRPC, gRPC-Web or Connect), so standard clients show a clear error. It runs in the
 * adapter's fallback, i.e. for every path no allowed route claimed: unknown services,
 * reflection and methods added to the proto later are refused by default.
 */
import type { NodeRequest, NodeResponse } from "../http/node-types.js";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  codeToHttpStatus,
  endStreamFlag,
  errorToJsonBytes,
} from "@connectrpc/connect/protocol-connect";
import { setTrailerStatus } from "@connectrpc/connect/protocol-grpc";
import { encodeEnvelope } from "@connectrpc/connect/protocol";
import { forwardedMethods } from "./allow-list.js";

const rpcPath = /^\/([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+)\/([A-Za-z_]\w*)$/;
const rpcContentType = /^application\/(grpc|connect\+|proto|json)/i;

/** True when the request is shaped like an RPC rather than a page or asset fetch. */
export function looksLikeRpc(req: NodeRequest): boolean {
  const [pathname = "", query = ""] = (req.url ?? "").split("?");
  const contentType = req.headers["content-type"] ?? "";
  if (req.method === "POST" && rpcContentType.test(contentType)) return true;
  if (!rpcPath.test(pathname)) return false;
  // Connect allows GET for side-effect-free unary calls (?connect=v1&message=...).
  return req.method === "POST" || /(^|&)connect=v1(&|$)/.test(query);
}

export function refusalFor(pathname: string): ConnectError {
  const match = rpcPath.exec(pathname);
  const service = match?.[1] ?? "";
  const method = match?.[2] ?? "";
  const allowed = forwardedMethods.join(", ");
  if (service.startsWith("tetragon.")) {
    return new ConnectError(
      `${service}/${method} is refused: this gateway is read-only and forwards only ${allowed} of tetragon.FineGuidanceSensors`,
      Code.PermissionDenied,
    );
  }
  return new ConnectError(
    `${match === null ? pathname : `${service}/${method}`} is not served: this gateway forwards only ${allowed} of tetragon.FineGuidanceSensors`,
    Code.Unimplemented,
  );
}

/** Answers with the refusal; the request body is drained and never parsed. */
export function denyRpc(req: NodeRequest, res: NodeResponse): ConnectError {
  const pathname = (req.url ?? "").split("?")[0] ?? "";
  const error = refusalFor(pathname);
  const contentType = (req.headers["content-type"] ?? "").toLowerCase();
  req.resume();
  res.setHeader("cache-control", "no-store");
  if (contentType.startsWith("application/grpc")) {
    // gRPC and gRPC-Web "trailers-only" response: the status travels in the headers.
    const trailer = setTrailerStatus(new Headers(), error);
    res.statusCode = 200;
    res.setHeader("content-type", contentType.split(";")[0] ?? "application/grpc");
    trailer.forEach((value, name) => res.setHeader(name, value));
    res.end();
  } else if (contentType.startsWith("application/connect+")) {
    // Connect streaming: HTTP 200 and an end-stream envelope carrying the error.
    const body = JSON.stringify({
      error: JSON.parse(new TextDecoder().decode(errorToJsonBytes(error, {}))) as unknown,
    });
    res.statusCode = 200;
    res.setHeader("content-type", contentType.split(";")[0] ?? "application/connect+proto");
    res.end(encodeEnvelope(endStreamFlag, new TextEncoder().encode(body)));
  } else {
    // Connect unary (POST or GET): HTTP status from the code, JSON error body.
    res.statusCode = codeToHttpStatus(error.code);
    res.setHeader("content-type", "application/json");
    res.end(errorToJsonBytes(error, {}));
  }
  return error;
}
