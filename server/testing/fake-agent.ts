/**
 * A fake Tetragon agent for tests: a real connect-node gRPC server over cleartext HTTP/2
 * (TCP on 127.0.0.1 or a unix socket) implementing every method of FineGuidanceSensors and
 * EventLogService with empty answers, counting every call per method (unknown paths too),
 * streaming a given list of events (then, optionally, a paced sequence made per stream) then
 * holding the stream open for `push()`, and able to be killed (connections cut, like a
 * crashed pod) and restarted on the same address. A misbehaving agent: `paced.failStream`
 * ends single streams with Unknown (as a gRPC C-core server does when the handler raises),
 * `resetConnections()` cuts every connection while still listening. With `tls` it serves HTTP/2 over TLS
 * (optionally requiring a client certificate), like Tetragon with --server-tls-*.
 */
import http2 from "node:http2";
import { rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import {
  create,
  type DescMethodServerStreaming,
  type DescMethodUnary,
  type DescService,
} from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { GetEventsRequest, GetEventsResponse } from "../../src/gen/tetragon/events_pb.js";
import { EventLogService } from "../../src/gen/tetragon/eventlogservice_pb.js";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";

export interface FakeAgentOptions {
  /** Sent to every GetEvents stream on open, in order. */
  events?: GetEventsResponse[];
  /** Listen on this unix socket path instead of 127.0.0.1. */
  socketPath?: string;
  /** After `events`, every stream sends `make(0..total-1)` at `perSecond` (load tests). */
  paced?: PacedEvents;
  /** Serve TLS with this key/cert; `ca` + `requestCert` require a client certificate. */
  tls?: { key: Buffer; cert: Buffer; ca?: Buffer; requestCert?: boolean };
}

export interface PacedEvents {
  perSecond: number;
  /** Stop after this many (then hold the stream open); default: never stop. */
  total?: number;
  /** Or stop making new events this long after the stream opened. */
  durationMs?: number;
  make: (seq: number) => GetEventsResponse;
  /** Asked before each paced event: true ends this stream with Unknown instead. */
  failStream?: (seq: number) => boolean;
}

export interface FakeAgent {
  /** `127.0.0.1:PORT` or `unix:///path`, as the gateway's --tetragon takes it. */
  readonly address: string;
  /** Calls per `service/Method` (or raw path for unknown ones). */
  readonly calls: Map<string, number>;
  callsTo(method: string): number;
  /** Calls to anything other than the five read-only methods the gateway forwards. */
  forbiddenCalls(): number;
  openStreams(): number;
  /** Paced events yielded so far, across all streams. */
  pacedSent(): number;
  /** Streams still making paced events. */
  pacingStreams(): number;
  /** Open HTTP/2 sessions (connections) from clients such as the gateway. */
  sessions(): number;
  /** Every GetEventsRequest received, in order (to check filters are forwarded). */
  readonly requests: GetEventsRequest[];
  /** Sends one event on every open GetEvents stream. */
  push(event: GetEventsResponse): void;
  /** Streams ended on purpose by `paced.failStream`. */
  failedStreams(): number;
  /** Cut every connection (like a reset) but keep listening. */
  resetConnections(): void;
  /** Cut every connection and stop listening. */
  kill(): Promise<void>;
  /** Listen again on the same address. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const allowed = new Set(
  ["GetEvents", "GetHealth", "GetVersion", "GetInfo", "ListTracingPolicies"].map(
    (m) => `tetragon.FineGuidanceSensors/${m}`,
  ),
);

export async function startFakeAgent(options: FakeAgentOptions = {}): Promise<FakeAgent> {
  const calls = new Map<string, number>();
  const count = (key: string): void => {
    calls.set(key, (calls.get(key) ?? 0) + 1);
  };
  const listeners = new Set<(e: GetEventsResponse) => void>();
  let open = 0;
  let pacedSent = 0;
  let pacing = 0;
  let failed = 0;
  const requests: GetEventsRequest[] = [];

  const routes = (router: ConnectRouter): void => {
    for (const service of [FineGuidanceSensors, EventLogService] as DescService[]) {
      for (const method of service.methods) {
        const key = `${service.typeName}/${method.name}`;
        if (method.methodKind === "server_streaming") {
          router.rpc(method as DescMethodServerStreaming, (req, ctx) => {
            count(key);
            requests.push(req as GetEventsRequest);
            return streamEvents(options.events ?? [], ctx.signal) as AsyncIterable<never>;
          });
        } else if (method.methodKind === "unary") {
          const unary = method as DescMethodUnary;
          router.rpc(unary, () => {
            count(key);
            return create(unary.output);
          });
        }
      }
    }
  };

  async function* streamEvents(
    initial: GetEventsResponse[],
    signal: AbortSignal,
  ): AsyncGenerator<GetEventsResponse> {
    const pending: GetEventsResponse[] = [...initial];
    let wake: (() => void) | undefined;
    const listener = (e: GetEventsResponse): void => {
      pending.push(e);
      wake?.();
    };
    listeners.add(listener);
    open++;
    const onAbort = (): void => wake?.();
    signal.addEventListener("abort", onAbort);
    try {
      if (options.paced !== undefined) yield* paced(options.paced, pending, signal);
      while (!signal.aborted) {
        const next = pending.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
      listeners.delete(listener);
      open--;
    }
  }

  /** Paced sequence; `pending` (initial list, pushes) goes first whenever it has items. */
  async function* paced(
    p: PacedEvents,
    pending: GetEventsResponse[],
    signal: AbortSignal,
  ): AsyncGenerator<GetEventsResponse> {
    const start = performance.now();
    // A function, not a property read: the checker would narrow `aborted` across yields.
    const live = (): boolean => !signal.aborted;
    let seq = 0;
    const end = start + (p.durationMs ?? Infinity);
    pacing++;
    try {
      while (live() && seq < (p.total ?? Infinity) && performance.now() < end) {
        const due = Math.min(
          p.total ?? Infinity,
          ((performance.now() - start) * p.perSecond) / 1000,
        );
        while (pending.length > 0 && live()) yield pending.shift() as GetEventsResponse;
        while (seq < due && live()) {
          if (p.failStream?.(seq) === true) {
            failed++;
            throw new ConnectError("injected stream failure", Code.Unknown);
          }
          yield p.make(seq++);
          pacedSent++;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      pacing--;
    }
  }

  const handler = connectNodeAdapter({
    routes,
    fallback: (req, res) => {
      count((req.url ?? "").split("?")[0] ?? "");
      res.statusCode = 404;
      res.end();
    },
  });

  let server: http2.Http2Server | http2.Http2SecureServer | undefined;
  const sessions = new Set<http2.ServerHttp2Session>();
  let port = 0;

  const listen = async (): Promise<void> => {
    const tls = options.tls;
    const s =
      tls === undefined
        ? http2.createServer(handler)
        : http2.createSecureServer(
            {
              key: tls.key,
              cert: tls.cert,
              ...(tls.ca === undefined ? {} : { ca: tls.ca }),
              requestCert: tls.requestCert ?? false,
              rejectUnauthorized: tls.requestCert ?? false,
            },
            handler,
          );
    s.on("session", (session: http2.ServerHttp2Session) => {
      sessions.add(session);
      session.on("close", () => sessions.delete(session));
    });
    if (options.socketPath !== undefined) await rm(options.socketPath, { force: true });
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      if (options.socketPath !== undefined) s.listen(options.socketPath, resolve);
      else s.listen(port, "127.0.0.1", resolve);
    });
    if (options.socketPath === undefined) port = (s.address() as AddressInfo).port;
    server = s;
  };

  const kill = async (): Promise<void> => {
    const s = server;
    server = undefined;
    if (s === undefined) return;
    const closed = new Promise<void>((resolve) =>
      s.close(() => {
        resolve();
      }),
    );
    for (const session of sessions) session.destroy();
    await closed;
  };

  await listen();
  const address =
    options.socketPath === undefined ? `127.0.0.1:${String(port)}` : `unix://${options.socketPath}`;

  return {
    address,
    calls,
    callsTo: (method) => calls.get(`tetragon.FineGuidanceSensors/${method}`) ?? 0,
    forbiddenCalls: () =>
      [...calls].filter(([k]) => !allowed.has(k)).reduce((n, [, v]) => n + v, 0),
    openStreams: () => open,
    sessions: () => sessions.size,
    pacedSent: () => pacedSent,
    pacingStreams: () => pacing,
    failedStreams: () => failed,
    resetConnections: () => {
      for (const session of sessions) session.destroy();
    },
    requests,
    push: (event) => {
      for (const l of listeners) l(event);
    },
    kill,
    restart: listen,
    close: kill,
  };
}
