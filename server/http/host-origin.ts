/**
 * DNS-rebinding and cross-site guards. A page on evil.example that rebinds its name to
 * 127.0.0.1 sends `Host: evil.example`; a cross-site fetch sends a foreign `Origin`. Both are
 * refused before routing, for RPCs and static files alike. No CORS grant is ever sent.
 */
import type { IncomingHttpHeaders } from "node:http";

export interface HostPolicy {
  /** Lower-case host names (no port), IPv6 in brackets. */
  allowedHosts: ReadonlySet<string>;
  /** Exact origins (`new URL(x).origin`) accepted besides same-origin requests. */
  allowedOrigins: ReadonlySet<string>;
}

export const loopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

export function createHostPolicy(
  extraHosts: readonly string[],
  extraOrigins: readonly string[],
): HostPolicy {
  return {
    allowedHosts: new Set([...loopbackHosts, ...extraHosts.map(normaliseHostName)]),
    allowedOrigins: new Set(extraOrigins),
  };
}

/** `::1` → `[::1]`; lower-case; trailing dot removed. */
function normaliseHostName(name: string): string {
  const lower = name.trim().toLowerCase().replace(/\.$/, "");
  return lower.includes(":") && !lower.startsWith("[") ? `[${lower}]` : lower;
}

/** Host name of a Host/:authority value, without port; undefined when malformed. */
export function hostNameOf(authority: string): string | undefined {
  const text = authority.trim().toLowerCase();
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0) return undefined;
    const rest = text.slice(close + 1);
    if (rest !== "" && !/^:\d{1,5}$/.test(rest)) return undefined;
    return text.slice(0, close + 1);
  }
  const colon = text.indexOf(":");
  const name = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? "" : text.slice(colon);
  if (name === "" || (rest !== "" && !/^:\d{1,5}$/.test(rest))) return undefined;
  if (!/^[a-z0-9.-]+$/.test(name)) return undefined;
  return name.replace(/\.$/, "");
}

export type Verdict = { ok: true } | { ok: false; status: 403 | 421; reason: string };

export function checkRequest(headers: IncomingHttpHeaders, policy: HostPolicy): Verdict {
  // HTTP/2 carries the host in :authority; node's compat layer keeps it under that name.
  const authorityHeader = headers[":authority"];
  const authority = typeof authorityHeader === "string" ? authorityHeader : headers.host;
  if (authority === undefined || authority === "") {
    return { ok: false, status: 421, reason: "Missing Host header." };
  }
  const name = hostNameOf(authority);
  if (name === undefined || !policy.allowedHosts.has(name)) {
    return {
      ok: false,
      status: 421,
      reason: `Host "${authority}" is not served here. Use http://localhost or start the gateway with --allowed-host NAME.`,
    };
  }
  const origin = headers.origin;
  if (origin === undefined) return { ok: true };
  if (policy.allowedOrigins.has(origin)) return { ok: true };
  let parsed: URL | undefined;
  try {
    parsed = new URL(origin);
  } catch {
    parsed = undefined;
  }
  // Same origin: the page was loaded from this very Host (scheme is http or https behind a proxy).
  if (
    parsed !== undefined &&
    (parsed.protocol === "http:" || parsed.protocol === "https:") &&
    parsed.host === authority.trim().toLowerCase()
  ) {
    return { ok: true };
  }
  return {
    ok: false,
    status: 403,
    reason: `Cross-origin request from ${origin} refused. For the Vite dev server start the gateway with --allowed-origin ${origin}.`,
  };
}
