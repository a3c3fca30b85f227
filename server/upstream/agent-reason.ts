/**
 * Turns a failed dial or stream into one actionable sentence for GetStatus, stderr and the
 * errors of forwarded unary calls. Only addresses and error codes go in — never payloads.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import type { AgentAddress } from "./agent-address.js";

/** Codes after which the agent is considered down and is re-dialled with backoff. */
const transientCodes = new Set<Code>([
  Code.Unavailable,
  Code.Canceled,
  Code.Aborted,
  Code.Internal,
  Code.Unknown,
  Code.DeadlineExceeded,
]);

export function isTransient(err: unknown): boolean {
  if (err instanceof ConnectError) return transientCodes.has(err.code);
  // Socket errors that escaped the transport's own mapping.
  return err instanceof Error;
}

/** The node error code (ECONNREFUSED, ENOENT, CERT_HAS_EXPIRED...) somewhere in the cause chain. */
export function systemCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = current.cause;
  }
  return undefined;
}

/** One line for logs and GetStatus.last_error: control characters replaced, length bounded. */
export function shortError(err: unknown): string {
  const code = systemCode(err);
  const text =
    err instanceof ConnectError
      ? `${Code[err.code]}${code === undefined ? "" : ` (${code})`}: ${err.rawMessage}`
      : err instanceof Error
        ? `${code ?? err.name}: ${err.message}`
        : String(err);
  return printable(text, 200);
}

/** Replaces control characters (ANSI escapes, newlines) so a line stays one harmless line. */
export function printable(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Codes of an upstream stream that broke because of what the agent sent, not the network. */
const protocolCodes = new Set<Code>([
  Code.Internal,
  Code.ResourceExhausted,
  Code.Unimplemented,
  Code.DataLoss,
  Code.InvalidArgument,
]);

/** Codes with which an agent refuses the request itself (e.g. a filter regex it rejects). */
const rejectionCodes = new Set<Code>([
  Code.InvalidArgument,
  Code.PermissionDenied,
  Code.Unauthenticated,
  Code.FailedPrecondition,
  Code.OutOfRange,
]);

/**
 * The agent itself said so, in a grpc-status trailer. connect raises some local protocol
 * errors with the same codes (an incomplete envelope is InvalidArgument), but those carry no
 * grpc-status metadata.
 */
function fromAgent(err: ConnectError): boolean {
  return err.metadata.has("grpc-status") || err.metadata.has("grpc-status-details-bin");
}

/** The agent refused this GetEvents request: the browser must see the error, retrying is futile. */
export function isAgentRejection(err: unknown): boolean {
  return err instanceof ConnectError && fromAgent(err) && rejectionCodes.has(err.code);
}

/**
 * The agent sent something malformed (bad frame, bad protobuf, missing status, a reset
 * stream, an oversized message, an unknown encoding) as opposed to going away.
 */
export function isProtocolFault(err: unknown): boolean {
  if (!(err instanceof ConnectError) || fromAgent(err)) return false;
  const system = systemCode(err);
  if (system !== undefined && system !== "ERR_HTTP2_STREAM_ERROR") return false;
  return protocolCodes.has(err.code);
}

/** What the supervisor knows about a failure (the target knows the rest, e.g. TLS). */
/**
 * What a broken upstream GetEvents stream means:
 * - "rejected": the agent refused this request (e.g. a regex): the browser gets the error;
 * - "agent": the connection broke (a socket error) or the agent sent bytes that are not
 *   gRPC (a malformed frame or message, a reset stream): the agent is lost, re-dialled with
 *   backoff, and the outage is a gap;
 * - "stream": the agent ended this one stream with a status (Unknown when its handler
 *   raised, as gRPC C-core servers do), or it ended cleanly: that stream alone is retried,
 *   every other stream and unary call on the connection carries on.
 * A connection reset shows on its streams as a bare Canceled ("stream"): the transport's
 * `lost` signal reports it to the supervisor instead (agent-transport.ts).
 */
export type StreamFailureKind = "rejected" | "agent" | "stream";

export function classifyStreamFailure(err: unknown): StreamFailureKind {
  if (isAgentRejection(err)) return "rejected";
  if (isProtocolFault(err)) return "agent";
  const code = systemCode(err);
  if (code !== undefined && code !== "ERR_HTTP2_STREAM_ERROR") return "agent";
  return "stream";
}

export interface FailureContext {
  /** The link was up: a stream or a health check on a live connection failed. */
  streaming: boolean;
  /** This gateway has reached the agent before (then setup hints would mislead). */
  everConnected: boolean;
  probeTimeoutMs: number;
}

/** The GetStatus reason for a failed dial, probe or stream of a `--tetragon` address. */
export function failureReason(
  address: AgentAddress,
  err: unknown,
  ctx: FailureContext & { tls: boolean },
): string {
  if (err instanceof ConnectError && systemCode(err) === undefined) {
    if (err.code === Code.DeadlineExceeded) {
      return (
        `Tetragon at ${address.display} did not answer within ${String(ctx.probeTimeoutMs / 1000)} s ` +
        "(timeout: DeadlineExceeded): the port accepts connections but nothing answers gRPC. " +
        "Is this Tetragon's gRPC address (not a metrics or HTTP port), and is the agent healthy?"
      );
    }
  }
  if (ctx.streaming && isProtocolFault(err)) {
    return `Tetragon at ${address.display} sent an invalid message (${shortError(err)}); reconnecting with backoff.`;
  }
  if (ctx.everConnected && !tlsCode.test(systemCode(err) ?? "")) {
    return lostReason(address, err, ctx.streaming);
  }
  return unreachableReason(address, err, ctx.tls);
}

/** The reason for a target that does not describe its own failures (see AgentTarget). */
export function genericFailureReason(display: string, err: unknown, ctx: FailureContext): string {
  const why = shortError(err);
  if (ctx.streaming) return `Lost the connection to Tetragon at ${display} (${why}); reconnecting.`;
  return ctx.everConnected
    ? `Tetragon at ${display} is not back yet (${why}); it was reachable before.`
    : `Tetragon not reachable at ${display} (${why}).`;
}

/** Node's TLS codes: ERR_TLS_*, ERR_SSL_*, CERT_*, *_SELF_SIGNED_*, UNABLE_TO_VERIFY_LEAF_SIGNATURE... */
const tlsCode = /CERT|SSL|TLS|SELF_SIGNED|ALTNAME|UNABLE_TO_(VERIFY|GET)/i;

function errorName(err: unknown): string {
  const code = systemCode(err);
  if (code !== undefined) return code;
  return err instanceof ConnectError ? Code[err.code] : "error";
}

/**
 * An agent this gateway has reached before went away: the setup hints of a first failure
 * (unix socket since 1.7, helm values) would mislead; what usually happened is a restart, or
 * the kubectl port-forward in between ended (it does when the pod it forwards to restarts).
 */
export function lostReason(address: AgentAddress, err: unknown, justLost: boolean): string {
  const why = errorName(err);
  const where = address.display;
  const lost = justLost
    ? `Lost the connection to Tetragon at ${where} (${why}); reconnecting.`
    : `Tetragon at ${where} is not back yet (${why}); it was reachable before.`;
  const hint =
    address.kind === "unix"
      ? " Is Tetragon restarting on this node?"
      : " An agent restart looks like this; so does a `kubectl port-forward` that ended " +
        "(it stops when the Tetragon pod it forwards to restarts: start it again).";
  return lost + hint;
}

export function unreachableReason(address: AgentAddress, err: unknown, tls: boolean): string {
  const code = systemCode(err) ?? "";
  if (/ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN)/i.test(code)) {
    // The agent refused our (missing or untrusted) client certificate.
    return (
      `TLS handshake with Tetragon at ${address.display} failed (${code}): the agent requires ` +
      "a client certificate it trusts. Pass --tls-cert and --tls-key (mutual TLS)."
    );
  }
  if (tlsCode.test(code)) {
    return (
      `TLS handshake with Tetragon at ${address.display} failed (${code}). ` +
      "Check --tls-ca (the CA that signed the agent's certificate) and --tls-server-name " +
      "(the name in that certificate, e.g. x.tetragon-grpc.cilium.io)."
    );
  }
  if (address.kind === "unix") {
    const hint =
      code === "EACCES"
        ? "permission denied: run the dashboard as a user that may open the socket (usually root on the node)"
        : code === "ENOENT"
          ? "no such socket: is Tetragon running on this node, and is its gRPC address this path?"
          : code === ""
            ? shortError(err)
            : code;
    return (
      `Tetragon not reachable at ${address.display} (${hint}). ` +
      "Or expose TCP with `helm upgrade ... --set tetragon.grpc.address=localhost:54321` and use --tetragon localhost:54321."
    );
  }
  const why = errorName(err);
  return (
    `Tetragon not reachable at ${address.display} (${why}). ` +
    tcpHint(address) +
    (tls ? " TLS is on: check --tls-ca and --tls-server-name too." : "")
  );
}

/** Tetragon's gRPC port by default (tetragon.grpc.address=localhost:54321). */
const TETRAGON_PORT = 54321;

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * What to try, for the address given: on this machine, a port-forward from a free local port
 * to the agent's gRPC port (54321 in the pod unless changed), never "1:1" for a mistyped
 * port; elsewhere, the agent's own TCP listener and the network, not a port-forward.
 */
function tcpHint(address: { readonly host: string; readonly port: number }): string {
  const expose =
    "Since Tetragon 1.7 the Helm chart serves gRPC on a unix socket: expose TCP with " +
    `\`helm upgrade ... --set tetragon.grpc.address=localhost:${String(TETRAGON_PORT)}\``;
  if (!isLoopback(address.host)) {
    return (
      `Is Tetragon's gRPC served on TCP at ${address.host} and reachable from this machine ` +
      "(firewall, network policy)? The agent listens on localhost only unless " +
      "tetragon.grpc.address says otherwise. " +
      `${expose.replace("localhost:", "0.0.0.0:")}, or run the dashboard on that node.`
    );
  }
  // A privileged or unusual port is more likely a typo than a forward the user set up.
  const local = address.port >= 1024 ? address.port : TETRAGON_PORT;
  const forward =
    `\`kubectl port-forward -n kube-system ds/tetragon ${String(local)}:${String(TETRAGON_PORT)}\`` +
    (local !== address.port ? ` and --tetragon localhost:${String(local)}` : "");
  const typo =
    address.port !== TETRAGON_PORT
      ? `Nothing answers on port ${String(address.port)}; Tetragon's default is ${String(TETRAGON_PORT)}. `
      : "";
  return `${typo}${expose}, then forward a local port to it: ${forward}.`;
}
