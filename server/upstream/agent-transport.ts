/**
 * One HTTP/2 connection to one agent, over TCP, TLS or a unix socket. The session manager
 * is ours so the supervisor can drop a dead connection and dial a fresh one.
 *
 * Keepalive: grpc-go agents close connections that ping more often than every 5 minutes
 * (GOAWAY too_many_pings), so PINGs go out at most every 300 s and never on idle
 * connections; the supervisor's GetHealth probe is what detects a dead agent quickly.
 */
import net from "node:net";
import type stream from "node:stream";
import tls from "node:tls";
import * as http2 from "node:http2";
import { type Client, Code, ConnectError, createClient } from "@connectrpc/connect";
import {
  Http2SessionManager,
  createGrpcTransport,
  createNodeHttpClient,
} from "@connectrpc/connect-node";
import type { GetEventsRequest } from "../../src/gen/tetragon/events_pb.js";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { getEventMessages } from "./get-events-call.js";
import type { AgentAddress } from "./agent-address.js";

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  serverName?: string;
}

export interface AgentConnection {
  /**
   * Whether `client` can make unary calls. False for transports that carry only the event
   * stream (e.g. `tetra getevents` over exec): forwarded unary calls then answer
   * Unimplemented with a reason naming `transport`, and the default probe is skipped.
   */
  readonly unary: boolean;
  /** How the agent is reached, for reasons and logs ("gRPC", "kubectl exec tetra getevents"). */
  readonly transport?: string;
  /**
   * Aborted (with the cause) when the connection itself broke — reset, socket error, PING
   * timeout — as opposed to one stream on it. The supervisor then declares the agent lost.
   */
  readonly lost?: AbortSignal | undefined;
  client: Client<typeof FineGuidanceSensors>;
  /**
   * GetEvents, yielding each event's encoded GetEventsResponse unparsed, in batches (all the
   * events one read completed); see get-events-call.ts and opaque-events.ts.
   */
  getEventMessages(request: GetEventsRequest, signal: AbortSignal): AsyncIterable<Uint8Array[]>;
  /** Closes the connection and every stream on it. */
  abort(reason: Error): void;
}

/** Events can be large (long argument lists); requests from us are tiny. */
export const upstreamReadMaxBytes = 16 * 1024 * 1024;
export const upstreamWriteMaxBytes = 256 * 1024;
export const keepalivePingIntervalMs = 300_000;

/**
 * HTTP/2 receive windows towards the agent. Node's defaults are 64 KiB per stream AND per
 * connection, so all GetEvents streams on one agent connection shared 64 KiB in flight: the
 * load test (20 streams × 2,000 events/s of ~1.9 KB) stalled at ~6,000 events/s with the
 * gateway half idle, waiting for WINDOW_UPDATE round trips. Memory stays bounded: at most
 * 16 MiB in flight per agent connection.
 */
export const streamWindowBytes = 1 << 20;
export const sessionWindowBytes = 16 << 20;

/**
 * Node's per-session memory cap (`maxSessionMemory`, in MB; default 10) must exceed the
 * window: a gateway busy at full load may hold up to 16 MiB of received data in the session,
 * and past the cap nghttp2 resets streams with ENHANCE_YOUR_CALM, which the supervisor
 * treats as a broken agent (every stream restarts). The load soak hit exactly this on the
 * other end — its fake agent, with the default cap, reset all 20 streams once the gateway
 * lagged ~0.2 s — so the same is not left to chance here.
 */
export const maxSessionMemoryMb = 64;

let goawaysReceived = 0;

/**
 * GOAWAY frames received from agents by this process, for diagnostics and the churn test
 * (process-wide: compare before and after). A Node agent sends one after many rapid stream
 * resets; connect-node then keeps that connection open beside the new one.
 */
export function upstreamGoawaysReceived(): number {
  return goawaysReceived;
}

/**
 * Widens each new session's connection-level window (no session option exists for it), and
 * tells `onLost` when the agent's side of a connection goes away under open streams: the
 * socket closes (a reset, a crash, a PING timeout), or the agent says GOAWAY with NO_ERROR —
 * it is shutting down or restarting (a Node or grpc-go server stopping sends that, then ends
 * or cuts every stream). A GOAWAY with an error code (nghttp2's rapid-reset guard) leaves
 * open streams running, and connect's idle close happens with none open: neither counts.
 * Streams cut this way fail with a bare Canceled or a status of their own, indistinguishable
 * from one stream failing alone: this is how the supervisor tells "the agent's connection
 * went away" from "a stream broke".
 */
class WatchedSessionManager extends Http2SessionManager {
  private readonly open = new WeakMap<http2.Http2Session, Set<http2.ClientHttp2Stream>>();
  private aborted = false;
  onLost: ((err: Error) => void) | undefined;

  override async request(
    ...args: Parameters<Http2SessionManager["request"]>
  ): Promise<http2.ClientHttp2Stream> {
    const stream = await super.request(...args);
    const session = stream.session;
    if (session === undefined) return stream;
    let streams = this.open.get(session);
    if (streams === undefined) {
      streams = new Set();
      this.open.set(session, streams);
      session.setLocalWindowSize(sessionWindowBytes);
      this.watch(session, streams);
    }
    streams.add(stream);
    stream.once("close", () => streams.delete(stream));
    return stream;
  }

  override abort(reason?: Error): void {
    this.aborted = true;
    super.abort(reason);
  }

  private watch(session: http2.Http2Session, streams: ReadonlySet<unknown>): void {
    let error: Error | undefined;
    session.on("goaway", (code: number) => {
      goawaysReceived++;
      if (code !== http2.constants.NGHTTP2_NO_ERROR || this.aborted || streams.size === 0) return;
      this.onLost?.(
        new ConnectError(
          `the agent closed the connection (GOAWAY) under ${String(streams.size)} open stream(s)`,
          Code.Unavailable,
        ),
      );
    });
    session.on("error", (err: Error) => {
      error = err;
    });
    session.socket.once("close", () => {
      if (this.aborted || streams.size === 0) return;
      this.onLost?.(
        new ConnectError(
          `the connection to the agent closed under ${String(streams.size)} open stream(s)${error === undefined ? "" : ` (${error.message})`}`,
          Code.Unavailable,
          undefined,
          undefined,
          error,
        ),
      );
    });
  }
}

export function dialAgent(
  address: AgentAddress,
  tlsMaterial: TlsMaterial | undefined,
): AgentConnection {
  const secure = tlsMaterial !== undefined;
  const scheme = secure ? "https" : "http";
  const tlsOptions: tls.ConnectionOptions = {
    ALPNProtocols: ["h2"],
    ...(tlsMaterial?.ca === undefined ? {} : { ca: tlsMaterial.ca }),
    ...(tlsMaterial?.cert === undefined ? {} : { cert: tlsMaterial.cert }),
    ...(tlsMaterial?.key === undefined ? {} : { key: tlsMaterial.key }),
    ...(tlsMaterial?.serverName === undefined ? {} : { servername: tlsMaterial.serverName }),
  };

  let authority: string;
  let sessionOptions: http2.SecureClientSessionOptions;
  if (address.kind === "unix") {
    // The URL only names the :authority; the bytes go over the socket. grpc-go uses
    // "localhost" as the authority for unix targets too.
    authority = `${scheme}://localhost`;
    const path = address.path;
    sessionOptions = {
      createConnection: () =>
        secure ? tls.connect({ ...tlsOptions, path }) : net.connect({ path }),
    };
  } else {
    const host = address.host.includes(":") ? `[${address.host}]` : address.host;
    authority = `${scheme}://${host}:${String(address.port)}`;
    sessionOptions = secure ? { ...tlsOptions } : {};
  }

  return connectOver(authority, sessionOptions, secure ? "gRPC over TLS" : "gRPC");
}

/**
 * gRPC over sockets made by `createConnection` (plain HTTP/2 on them): cluster mode dials an
 * agent through a Kubernetes port-forward stream this way. One socket per HTTP/2 session.
 */
export function dialAgentOverSocket(
  createConnection: () => stream.Duplex,
  transportName: string,
): AgentConnection {
  return connectOver("http://localhost", { createConnection }, transportName);
}

function connectOver(
  authority: string,
  sessionOptions: http2.SecureClientSessionOptions,
  transportName: string,
): AgentConnection {
  const manager = new WatchedSessionManager(
    authority,
    { pingIntervalMs: keepalivePingIntervalMs, pingIdleConnection: false, pingTimeoutMs: 20_000 },
    {
      ...sessionOptions,
      settings: { initialWindowSize: streamWindowBytes },
      maxSessionMemory: maxSessionMemoryMb,
    },
  );
  const lost = new AbortController();
  manager.onLost = (err) => {
    lost.abort(err);
  };
  const transport = createGrpcTransport({
    baseUrl: authority,
    sessionManager: manager,
    readMaxBytes: upstreamReadMaxBytes,
    writeMaxBytes: upstreamWriteMaxBytes,
  });
  // The event stream goes over the same sessions, read without connect's per-message pipeline.
  const httpClient = createNodeHttpClient({ httpVersion: "2", sessionProvider: () => manager });
  return {
    unary: true,
    transport: transportName,
    lost: lost.signal,
    client: createClient(FineGuidanceSensors, transport),
    getEventMessages: (request, signal) =>
      getEventMessages(
        { httpClient, baseUrl: authority, readMaxBytes: upstreamReadMaxBytes },
        request,
        signal,
      ),
    abort: (reason) => {
      manager.abort(reason);
    },
  };
}
