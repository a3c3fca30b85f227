/*
 * The gateway: one node http server whose request handler is
 * `connectNodeAdapter({ routes, fallback })`. Routes forward an explicit allow-list of
 * read-only Tetragon methods to the configured agents; the fallback serves the built app.
 * (Initial signature; internals follow.)
 */

export interface TlsOptions {
  /** PEM file of the CA that signed the agent's certificate. */
  caFile?: string;
  /** PEM client certificate (mutual TLS). */
  certFile?: string;
  /** PEM client key (mutual TLS). */
  keyFile?: string;
  /** SNI / certificate name override, e.g. `x.tetragon-grpc.cilium.io`. */
  serverName?: string;
}

export interface GatewayOptions {
  /** Agent addresses: `host:port` or `unix:///path/to.sock`. */
  agents: string[];
  /** Listen host; default 127.0.0.1. */
  host?: string;
  /** Listen port; default 8080, 0 picks a free one. */
  port?: number;
  /** Built app folder; default "dist". Missing folder: only the RPC endpoints work. */
  staticDir?: string;
  /** Extra Host names accepted besides localhost, 127.0.0.1 and [::1]. */
  allowedHosts?: string[];
  /** Extra browser origins accepted (e.g. the Vite dev server, http://localhost:5173). */
  allowedOrigins?: string[];
  tls?: TlsOptions;
  /** Where diagnostic lines go; default stderr. Never receives event payloads. */
  log?: (line: string) => void;
}

export interface Gateway {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Open upstream GetEvents streams across all agents (for leak tests). */
  upstreamStreamsOpen(): number;
}

export function startGateway(options: GatewayOptions): Promise<Gateway> {
  void options;
  return Promise.reject(new Error("startGateway: not implemented yet"));
}
