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

export function shortError(err: unknown): string {
  const code = systemCode(err);
  if (err instanceof ConnectError) {
    return `${Code[err.code]}${code === undefined ? "" : ` (${code})`}: ${err.rawMessage}`;
  }
  return err instanceof Error ? `${code ?? err.name}: ${err.message}` : String(err);
}

export function unreachableReason(address: AgentAddress, err: unknown, tls: boolean): string {
  const code = systemCode(err) ?? "";
  if (/CERT|SSL|TLS|ERR_TLS|SELF_SIGNED|ALTNAME/i.test(code)) {
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
  const port = String(address.port);
  const why = code === "" ? (err instanceof ConnectError ? Code[err.code] : "error") : code;
  return (
    `Tetragon not reachable at ${address.display} (${why}). ` +
    "Since Tetragon 1.7 the Helm chart serves gRPC on a unix socket: expose TCP with " +
    `\`helm upgrade ... --set tetragon.grpc.address=localhost:${port}\`, then ` +
    `\`kubectl port-forward -n kube-system ds/tetragon ${port}:${port}\`.` +
    (tls ? " TLS is on: check --tls-ca and --tls-server-name too." : "")
  );
}
