/**
 * CORS for the origins given with --allowed-origin, and only those: a dashboard served by
 * another gateway (its page opened with `?gateway=<this gateway>`) may call this one. The
 * grant names the exact origin (never `*`), allows no credentials (the gateway uses none:
 * cookies and HTTP auth are never sent cross-origin by the page, and never accepted), and
 * allows only the headers gRPC-Web and Connect clients send. Requests from any other origin
 * are refused with 403 before this runs (host-origin.ts), preflights included.
 */
import type { HostPolicy } from "./host-origin.js";
import type { NodeRequest, NodeResponse } from "./node-types.js";

const allowedRequestHeaders = [
  "content-type",
  "accept",
  "x-grpc-web",
  "x-user-agent",
  "grpc-timeout",
  "connect-protocol-version",
  "connect-timeout-ms",
  "tetragon-agent",
].join(", ");

const exposedResponseHeaders = [
  "grpc-status",
  "grpc-message",
  "grpc-status-details-bin",
  "grpc-encoding",
  "connect-content-encoding",
].join(", ");

/**
 * Adds the CORS grant for an allowed cross-origin request; answers a preflight (OPTIONS)
 * itself and returns true then. Same-origin requests and requests without Origin get nothing.
 */
export function applyCors(req: NodeRequest, res: NodeResponse, policy: HostPolicy): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || !policy.allowedOrigins.has(origin)) return false;
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("vary", "Origin");
  res.setHeader("access-control-expose-headers", exposedResponseHeaders);
  if (req.method !== "OPTIONS" || req.headers["access-control-request-method"] === undefined)
    return false;
  req.resume();
  res.statusCode = 204;
  res.setHeader("access-control-allow-methods", "GET, POST");
  res.setHeader("access-control-allow-headers", allowedRequestHeaders);
  res.setHeader("access-control-max-age", "600");
  res.setHeader("cache-control", "no-store");
  res.end();
  return true;
}
