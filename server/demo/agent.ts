/*
 * The demo Tetragon agent: a plain HTTP/2 (h2c) gRPC server on a loopback port serving
 * tetragon.FineGuidanceSensors like a real agent. GetEvents gives every client its own
 * event source (the seeded generator, or a replayed log) paced at `rate`, filtered with the
 * request's allow/deny lists; GetHealth, GetVersion, GetInfo and ListTracingPolicies
 * answer with fixed data; every other method is Unimplemented (the router's default).
 * close() destroys open sessions, so the port is free again when it resolves.
 */
import type { ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import {
  FineGuidanceSensors,
  TracingPolicyMode,
  TracingPolicyState,
} from "../../src/gen/tetragon/sensors_pb.js";
import { HealthStatusResult, HealthStatusType } from "../../src/gen/tetragon/tetragon_pb.js";
import { POLICIES } from "./cluster-data.js";
import { compileEventFilter } from "./event-filter.js";
import { pacedEvents, type EventSource } from "./event-stream.js";
import { createEventGenerator } from "./generator.js";
import { createReplaySource, loadReplayFile, type ReplayLog } from "./replay.js";

export const DEMO_AGENT_VERSION = "v1.5.0-demo";

export interface DemoAgentOptions {
  /** Listen host; default 127.0.0.1. */
  host?: string;
  /** Listen port; default 0 (a free one). */
  port?: number;
  /** Generator seed; every stream replays the same sequence for a given seed. Default 1. */
  seed?: number;
  /** Events per second per stream; default 20. */
  rate?: number;
  /** Simulated node names; default kind-control-plane, kind-worker, kind-worker2. */
  nodes?: string[];
  /** Replay this Tetragon JSON log (optionally .gz) instead of generating events. */
  replay?: string;
  /** Epoch ms of the first event of each stream; default: when the stream opens. For tests. */
  startTime?: number;
  /** Diagnostics (never event payloads); default stderr. */
  log?: (line: string) => void;
}

export interface DemoAgent {
  /** `host:port`, as the gateway's agent list wants it. */
  address: string;
  port: number;
  /** GetEvents streams currently open. */
  openStreams(): number;
  close(): Promise<void>;
}

function routes(opts: {
  makeSource: (startTime: number) => EventSource;
  rate: number;
  startTime: number | undefined;
  streams: { open: number };
}) {
  return (router: ConnectRouter) => {
    router.service(FineGuidanceSensors, {
      async *getEvents(request, context) {
        const accept = compileEventFilter(request);
        const source = opts.makeSource(opts.startTime ?? Date.now());
        opts.streams.open++;
        try {
          for await (const event of pacedEvents(source, opts.rate, accept, context.signal)) {
            yield event;
          }
        } finally {
          opts.streams.open--;
        }
      },
      getHealth: () => ({
        healthStatus: [
          {
            event: HealthStatusType.STATUS,
            status: HealthStatusResult.HEALTH_STATUS_RUNNING,
            details: "running",
          },
        ],
      }),
      getVersion: () => ({ version: DEMO_AGENT_VERSION }),
      getInfo: () => ({
        version: DEMO_AGENT_VERSION,
        name: "tetragon-dashboard demo agent",
        build: { goVersion: "none (simulated agent)", commit: "demo", time: "", modified: "false" },
      }),
      listTracingPolicies: () => ({
        policies: POLICIES.map((p, i) => ({
          id: BigInt(i + 1),
          name: p.name,
          info: `simulated: ${p.hooks.join(", ")}`,
          sensors: [...p.sensors],
          enabled: true,
          state: TracingPolicyState.TP_STATE_ENABLED,
          mode: TracingPolicyMode.TP_MODE_MONITOR,
          kernelMemoryBytes: BigInt(1_572_864 + i * 262_144),
          filterId: 0n,
        })),
      }),
    });
  };
}

export async function startDemoAgent(options: DemoAgentOptions = {}): Promise<DemoAgent> {
  const host = options.host ?? "127.0.0.1";
  const rate = options.rate ?? 20;
  if (!(rate > 0) || !Number.isFinite(rate))
    throw new Error(`demo agent: rate must be > 0, got ${rate}`);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const seed = options.seed ?? 1;
  const meanIntervalMs = 1000 / rate;
  let replay: ReplayLog | undefined;
  if (options.replay !== undefined) replay = loadReplayFile(options.replay, log);
  const makeSource = (startTime: number): EventSource =>
    replay
      ? createReplaySource(replay, { startTime, meanIntervalMs })
      : createEventGenerator({
          seed,
          startTime,
          meanIntervalMs,
          ...(options.nodes ? { nodes: options.nodes } : {}),
        });

  const streams = { open: 0 };
  const handler = connectNodeAdapter({
    routes: routes({ makeSource, rate, startTime: options.startTime, streams }),
    grpc: true,
    grpcWeb: false,
    connect: false,
  });
  const server = http2.createServer(handler);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const address = `${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    address,
    port,
    openStreams: () => streams.open,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          if (err) reject(err);
          else resolve();
        });
        for (const s of sessions) s.destroy();
      }),
  };
}
