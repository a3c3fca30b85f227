/**
 * Headers set on every response (RPC, static file or refusal) before anything else runs.
 * The CSP allows only same-origin scripts and styles: Vite emits external module scripts and
 * stylesheets, and React `style=` props go through the CSSOM, which CSP allows. Connections
 * go to the same origin, plus the exact origins of peer gateways (--peer-gateway) the page
 * may stream from with `?gateway=`.
 */
import type { NodeResponse } from "./node-types.js";

/** The policy; `peerOrigins` are exact origins (validated by the CLI: scheme://host[:port]). */
export function contentSecurityPolicyFor(peerOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...peerOrigins].join(" "),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Without peer gateways. */
export const contentSecurityPolicy = contentSecurityPolicyFor([]);

export function securityHeadersFor(csp: string): Readonly<Record<string, string>> {
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
}

export const securityHeaders = securityHeadersFor(contentSecurityPolicy);

export function setSecurityHeaders(res: NodeResponse, headers = securityHeaders): void {
  for (const [name, value] of Object.entries(headers)) {
    // HTTP/2 forbids upper-case header names on the wire; node lower-cases them for h1 anyway.
    res.setHeader(name.toLowerCase(), value);
  }
}
