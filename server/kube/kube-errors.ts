/**
 * Kubernetes API failures as one actionable line each (GetStatus reasons, stderr). Inputs are
 * client-node's ApiException (code + Status body), the Watch's error (statusCode), our
 * WebSocket upgrade errors (KubeHttpError) and socket errors. Only the API server's Status
 * message, status codes and names we chose go in; the text is made printable and bounded.
 */
import { printable, systemCode } from "../upstream/agent-reason.js";
import { type KubeAction, canICommands, kubeAccess } from "./permissions.js";

/** An HTTP status from the API server, with the message of its Status body when it sent one. */
export class KubeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly statusMessage: string,
  ) {
    super(`${String(status)}${statusMessage === "" ? "" : `: ${statusMessage}`}`);
    this.name = "KubeHttpError";
  }
}

/** The message of a Kubernetes Status object in `body` (parsed or raw JSON text), or "". */
export function statusMessageOf(body: unknown): string {
  let value: unknown = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      return printable(body, 300);
    }
  }
  if (typeof value === "object" && value !== null && "message" in value) {
    const { message } = value;
    if (typeof message === "string") return printable(message, 300);
  }
  return "";
}

/** The HTTP status and Status message of any Kubernetes failure, when it has one. */
export function httpFailure(err: unknown): KubeHttpError | undefined {
  if (err instanceof KubeHttpError) return err;
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { code?: unknown; statusCode?: unknown; body?: unknown };
  // client-node's ApiException carries `code` (a number), `body` and `headers`; the Watch's
  // errors carry `statusCode`. (A ConnectError's `code` is a gRPC code, not HTTP.)
  const apiException = typeof e.code === "number" && "headers" in e && "body" in e;
  const status = apiException
    ? (e.code as number)
    : typeof e.statusCode === "number"
      ? e.statusCode
      : undefined;
  if (status === undefined) return undefined;
  return new KubeHttpError(status, statusMessageOf(e.body));
}

export interface KubeContext {
  /** API server URL. */
  server: string;
  namespace: string;
  /** Where the credentials came from, for the 401 hint. */
  inCluster: boolean;
}

/** One line for a failed Kubernetes request made for `action`. */
export function describeKubeFailure(err: unknown, action: KubeAction, ctx: KubeContext): string {
  const http = httpFailure(err);
  const what = kubeAccess[action].map((a) => `${a.verb} ${a.resource}`).join(" + ");
  if (http?.status === 401) {
    return ctx.inCluster
      ? `Kubernetes API at ${ctx.server} rejected the service account token (401 Unauthorized); ` +
          "the token is re-read from its file on the next try. Is the pod's service account still there?"
      : `Kubernetes API at ${ctx.server} rejected the credentials (401 Unauthorized): they expired or are wrong. ` +
          `Refresh them (e.g. run \`kubectl get pods -n ${ctx.namespace}\`, which re-runs your login plugin) — the gateway retries by itself.`;
  }
  if (http?.status === 403) {
    const named = /cannot (\w+) resource "([^"]+)"/.exec(http.statusMessage);
    const missing = named === null ? what : `${named[1] ?? ""} ${named[2] ?? ""}`;
    const check =
      named === null
        ? canICommands(action, ctx.namespace).join(" and ")
        : `kubectl auth can-i ${named[1] ?? ""} ${named[2] ?? ""} -n ${ctx.namespace}`;
    return (
      `Kubernetes denied ${missing} in namespace ${ctx.namespace} (403 Forbidden). ` +
      `Grant it (see deploy/rbac.yaml) and check with \`${check}\`.`
    );
  }
  if (http !== undefined) {
    return `Kubernetes API at ${ctx.server} answered ${http.message} to ${what} in namespace ${ctx.namespace}.`;
  }
  const code = systemCode(err);
  if (code !== undefined && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)/i.test(code)) {
    return `TLS handshake with the Kubernetes API at ${ctx.server} failed (${code}): check the cluster's certificate-authority in your kubeconfig.`;
  }
  const why = code ?? (err instanceof Error ? printable(err.message, 120) : "error");
  return (
    `Kubernetes API at ${ctx.server} not reachable (${why}). ` +
    "Is the cluster up and the context right (`kubectl config current-context`)? Retrying."
  );
}
