/*
 * The gateway: one request handler, `connectNodeAdapter({ routes, fallback })`, behind the
 * Host/Origin guard and the security headers, on one port that speaks HTTP/1.1 and h2c.
 * Routes forward the allow-listed read-only Tetragon methods and serve GatewayService; the
 * fallback refuses every other RPC locally and serves the built app from `staticDir`.
 *
 * Data flow: browser → guard → adapter → routes/forward.ts → the AgentSet (one
 * AgentSupervisor per agent; `--tetragon` addresses, plus whatever the owner of `agentSet`
 * adds while the gateway runs) → HTTP/2 to the agent. Logs carry method names, addresses and
 * codes, never payloads.
 */
import type { NodeRequest, NodeResponse } from "./http/node-types.js";
import { readFileSync } from "node:fs";
import { type ConnectRouter, createContextValues } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { ConnectionTimeouts } from "./http/connection-timeouts.js";
import { createDualServer, defaultMaxConnectionsPerAddress } from "./http/dual-protocol.js";
import { createGatewayLog } from "./gateway-log.js";
import { translateGrpcWebText } from "./http/grpc-web-text.js";
import { checkRequest, createHostPolicy, loopbackHosts } from "./http/host-origin.js";
import { eventSinkKey, sendStreamHeadersEarly } from "./http/early-stream-headers.js";
import { applyCors } from "./http/cors.js";
import {
  contentSecurityPolicyFor,
  securityHeadersFor,
  setSecurityHeaders,
} from "./http/security-headers.js";
import { createStaticHandler, sendText } from "./http/static-files.js";
import { denyRpc, looksLikeRpc } from "./routes/deny.js";
import { clientAddressKey, registerForwardRoutes } from "./routes/forward.js";
import {
  EventStreams,
  type EventStreamsOptions,
  defaultEventStreamsOptions,
} from "./routes/get-events.js";
import { validateRequestMessages } from "./routes/request-validation.js";
import type { AgentStatus } from "../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { registerStatusRoute, statusJson, statusSnapshot } from "./status.js";
import { parseAgentAddress } from "./upstream/agent-address.js";
import { AgentSet } from "./upstream/agent-set.js";
import { AgentSupervisor, type SupervisorOptions } from "./upstream/agent-supervisor.js";
import { type AgentTarget, targetForAddress } from "./upstream/agent-target.js";
import type { TlsMaterial } from "./upstream/agent-transport.js";
import type { BackoffConfig } from "./upstream/backoff.js";
import type { Clock } from "./upstream/clock.js";

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
  /**
   * The set the routes read. The `agents` addresses are added to it; its owner may add and
   * remove supervisors while the gateway runs (cluster mode). Default: a new set.
   */
  agentSet?: AgentSet;
  /** Listen host; default 127.0.0.1. */
  host?: string;
  /** Listen port; default 8080, 0 picks a free one. */
  port?: number;
  /** Built app folder; default "dist". Missing folder: only the RPC endpoints work. */
  staticDir?: string;
  /** Extra Host names accepted besides localhost, 127.0.0.1 and [::1]. */
  allowedHosts?: string[];
  /**
   * Extra browser origins accepted, with a CORS grant for exactly these (e.g. a dashboard
   * served by another gateway that streams from this one with `?gateway=`).
   */
  allowedOrigins?: string[];
  /** Origins of other gateways the served page may connect to (CSP connect-src). */
  peerGateways?: string[];
  /** Serve the app's source maps (default off: they are its full source). */
  sourceMaps?: boolean;
  tls?: TlsOptions;
  /** Where diagnostic lines go; default stderr. Never receives event payloads. */
  log?: (line: string) => void;
  /** Reported by GetStatus. */
  version?: string;
  /** Reconnect tuning (tests shorten these). */
  backoff?: BackoffConfig;
  healthIntervalMs?: number;
  /** Time and timers of the supervisors; default real time. */
  clock?: Clock;
  /** Stream, connection and memory limits; defaults in `defaultLimits` and SECURITY.md. */
  limits?: Partial<GatewayLimits>;
  /** Connection timeouts (http/connection-timeouts.ts); tests shorten them. */
  timeouts?: Partial<ConnectionTimeouts>;
  /** Status lines that are not agents (cluster mode's discovery), appended to GetStatus. */
  extraStatuses?: () => AgentStatus[];
}

export interface GatewayLimits extends EventStreamsOptions {
  /** Open connections from one client address (HTTP/1.1 over the limit: 503). */
  maxConnectionsPerAddress: number;
}

export const defaultLimits: GatewayLimits = {
  ...defaultEventStreamsOptions,
  maxConnectionsPerAddress: defaultMaxConnectionsPerAddress,
};

export interface Gateway {
  url: string;
  port: number;
  /** The agents the routes serve (add/remove while running). */
  agents: AgentSet;
  /** A supervisor for `target` with this gateway's log, backoff and health settings. */
  supervisorFor(target: AgentTarget): AgentSupervisor;
  close(): Promise<void>;
  /** Open upstream GetEvents streams across all agents (for leak tests). */
  upstreamStreamsOpen(): number;
  /** Upstream GetEvents calls made since start (re-opens included). */
  upstreamCalls(): number;
  /** Open browser GetEvents streams. */
  browserStreams(): number;
  /** Events waiting in browser stream queues right now (bounded; for backpressure tests). */
  queuedEvents(): number;
  /** Bytes waiting in browser stream queues right now (within the queue budget). */
  queuedBytes(): number;
  /** Events dropped for browsers that fell behind, since start. */
  droppedEvents(): number;
  /** Open client TCP connections (HTTP/1.1 and h2c). */
  openConnections(): number;
}

/** Browser requests are small (a GetEventsRequest with filters); events can be large. */
export const serverReadMaxBytes = 64 * 1024;
export const serverWriteMaxBytes = 16 * 1024 * 1024;

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const host = options.host ?? "127.0.0.1";
  const startedMs = Date.now();
  const tls = readTls(options.tls);
  const supervisorOptions: SupervisorOptions = {
    log,
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.healthIntervalMs === undefined
      ? {}
      : { healthIntervalMs: options.healthIntervalMs }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  };
  const supervisorFor = (target: AgentTarget) => new AgentSupervisor(target, supervisorOptions);
  const targets = options.agents.map((raw) => {
    const address = parseAgentAddress(raw);
    if ("error" in address) throw new Error(`--tetragon ${address.error}`);
    return targetForAddress(address, tls);
  });
  if (targets.length === 0 && options.agentSet === undefined)
    throw new Error("startGateway: at least one agent address is needed");
  const agents = options.agentSet ?? new AgentSet();
  for (const target of targets) agents.add(supervisorFor(target));

  const limits = { ...defaultLimits, ...options.limits };
  const events = new EventStreams(agents, limits);
  const gatewayLog = createGatewayLog(log, options.clock);
  const snapshot = () => {
    const status = statusSnapshot(agents, options.version ?? "dev", startedMs, {
      browserStreams: events.browserStreams,
      upstreamStreams: events.hub.open,
      queuedBytes: BigInt(events.queuedBytes),
      droppedEvents: BigInt(events.dropped),
    });
    status.agents.push(...(options.extraStatuses?.() ?? []));
    return status;
  };
  const serveStatic = createStaticHandler(options.staticDir ?? "dist", {
    sourceMaps: options.sourceMaps === true,
  });
  const headers = securityHeadersFor(contentSecurityPolicyFor(options.peerGateways ?? []));
  const policy = createHostPolicy(
    [...(options.allowedHosts ?? []), ...listenHostAllowance(host)],
    options.allowedOrigins ?? [],
  );

  // Binary gRPC-Web GetEvents responses whose headers went out early: the handler writes
  // event frames to them directly (see routes/get-events.ts).
  const eventSinks = new WeakMap<NodeRequest, NodeResponse>();
  const adapter = connectNodeAdapter({
    contextValues: (req) =>
      createContextValues()
        .set(eventSinkKey, eventSinks.get(req))
        .set(clientAddressKey, req.socket.remoteAddress ?? "unknown"),
    grpcWeb: true,
    connect: true,
    grpc: true,
    readMaxBytes: serverReadMaxBytes,
    writeMaxBytes: serverWriteMaxBytes,
    interceptors: [gatewayLog.interceptor],
    routes: (router: ConnectRouter) => {
      registerForwardRoutes(router, agents, events);
      registerStatusRoute(router, snapshot);
    },
    fallback: (req: NodeRequest, res: NodeResponse) => {
      if (looksLikeRpc(req)) {
        gatewayLog.refusedRpc(req.url, denyRpc(req, res).code);
        return;
      }
      if (req.method === "GET" && (req.url ?? "").split("?")[0] === "/api/status") {
        res.statusCode = 200;
        res.setHeader("content-type", "application/json");
        res.setHeader("cache-control", "no-store");
        res.end(statusJson(snapshot()));
        return;
      }
      void serveStatic(req, res);
    },
  });

  const server = createDualServer(
    (req, res) => {
      setSecurityHeaders(res, headers);
      const verdict = checkRequest(req.headers, policy);
      if (!verdict.ok) {
        req.resume();
        sendText(res, verdict.status, verdict.reason);
        gatewayLog.refusedRequest(verdict.status);
        return;
      }
      if (applyCors(req, res, policy)) return;
      translateGrpcWebText(req, res);
      validateRequestMessages(req, serverReadMaxBytes);
      if (sendStreamHeadersEarly(req, res)) eventSinks.set(req, res);
      adapter(req, res);
    },
    {
      ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
      maxConnectionsPerAddress: limits.maxConnectionsPerAddress,
      onRefused: (address, open) => {
        gatewayLog.refusedConnection(address, open);
      },
    },
  );

  const port = await server.listen(options.port ?? 8080, host);
  agents.start();
  if (!isLoopback(host)) {
    log(
      `warning: listening on ${host}, not loopback: anyone who can reach this port can read every Tetragon event. ` +
        "Browsers must use an allowed host name (--allowed-host).",
    );
  }
  const urlHost =
    host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${String(port)}/`,
    port,
    agents,
    supervisorFor,
    upstreamStreamsOpen: () => events.hub.open,
    upstreamCalls: () => events.hub.upstreamCalls,
    browserStreams: () => events.browserStreams,
    queuedEvents: () => events.queuedEvents,
    queuedBytes: () => events.queuedBytes,
    droppedEvents: () => events.dropped,
    openConnections: () => server.connections(),
    close: async () => {
      agents.close();
      await server.close();
      gatewayLog.close();
    },
  };
}

function readTls(tls: TlsOptions | undefined): TlsMaterial | undefined {
  if (tls === undefined || Object.keys(tls).length === 0) return undefined;
  const read = (flag: string, file: string | undefined): Buffer | undefined => {
    if (file === undefined) return undefined;
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`${flag} ${file}: ${(err as Error).message}`, { cause: err });
    }
  };
  const material: TlsMaterial = {};
  const ca = read("--tls-ca", tls.caFile);
  const cert = read("--tls-cert", tls.certFile);
  const key = read("--tls-key", tls.keyFile);
  if (ca !== undefined) material.ca = ca;
  if (cert !== undefined) material.cert = cert;
  if (key !== undefined) material.key = key;
  if (tls.serverName !== undefined) material.serverName = tls.serverName;
  return material;
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

/** Listening on a named address means browsers will use that name: accept it as Host. */
function listenHostAllowance(host: string): string[] {
  if (host === "0.0.0.0" || host === "::" || isLoopback(host) || loopbackHosts.includes(host))
    return [];
  return [host];
}
