/**
 * Headers set on every response (RPC, static file or refusal) before anything else runs.
 * The CSP allows only same-origin scripts, styles and connections: Vite emits external module
 * scripts and stylesheets, and React `style=` props go through the CSSOM, which CSP allows.
 */
import type { NodeResponse } from "./node-types.js";

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const securityHeaders: Readonly<Record<string, string>> = {
  "Content-Security-Policy": contentSecurityPolicy,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
};

export function setSecurityHeaders(res: NodeResponse): void {
  for (const [name, value] of Object.entries(securityHeaders)) {
    // HTTP/2 forbids upper-case header names on the wire; node lower-cases them for h1 anyway.
    res.setHeader(name.toLowerCase(), value);
  }
}
