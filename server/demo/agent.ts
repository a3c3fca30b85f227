/*
 * The demo Tetragon agent: a plain HTTP/2 (h2c) gRPC server on a loopback port serving
 * tetragon.FineGuidanceSensors like a real agent (agent-service.ts). GetEvents gives every
 * client its own event source: the seeded generator paced at `rate`, or a replayed log
 * from its first event (replay-source.ts: once then idle, or looped; original or fresh
 * times). close() destroys open sessions, so the port is free again when it resolves.
 */
import { connectNodeAdapter } from "@connectrpc/connect-node";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { demoService, type StreamOf } from "./agent-service.js";
import { pacedEvents } from "./event-stream.js";
import { ALL_ANCESTORS, type AncestorKinds } from "./events.js";
import { createEventGenerator } from "./generator.js";
import { replaySource } from "./replay-source.js";
import type { ReplayClock } from "./replay-stream.js";

export { DEMO_AGENT_VERSION } from "./agent-info.js";

export interface DemoAgentOptions {
  /** Listen host; default 127.0.0.1. */
  host?: string;
  /** Listen port; default 0 (a free one). */
  port?: number;
  /** Generator seed; every stream replays the same sequence for a given seed. Default 1. */
  seed?: number;
  /** Events per second per stream; default 20. With `replay`: a fixed pace instead of `speed`. */
  rate?: number;
  /** Simulated node names; default kind-control-plane, kind-worker, kind-worker2. */
  nodes?: string[];
  /** Replay this Tetragon JSON log (optionally .gz) instead of generating events. */
  replay?: string;
  /** Replay: start over after the last event (default: send the file once, stay open). */
  loop?: boolean;
  /** Replay: "max" (default) or a factor of the file's own gaps (1 = real time). */
  speed?: number | "max";
  /** Replay: stamp each event with the moment it is sent instead of the file's time. */
  retime?: boolean;
  /** Replay: time source of the pacing (tests). */
  replayClock?: ReplayClock;
  /** Epoch ms of the first event of each stream; default: when the stream opens. For tests. */
  startTime?: number;
  /** Event kinds that carry `ancestors` (Tetragon's --enable-ancestors); default all. */
  ancestors?: AncestorKinds;
  /** Diagnostics (never event payloads); default stderr. */
  log?: (line: string) => void;
}

export interface DemoAgent {
  /** `host:port`, as the gateway's agent list wants it. */
  address: string;
  port: number;
  /** GetEvents streams currently open. */
  openStreams(): number;
  /** Replay: complete passes over the file, summed over every stream (0 otherwise). */
  replayPasses(): number;
  close(): Promise<void>;
}

const systemClock: ReplayClock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

export async function startDemoAgent(options: DemoAgentOptions = {}): Promise<DemoAgent> {
  const host = options.host ?? "127.0.0.1";
  const rate = options.rate ?? 20;
  if (!(rate > 0) || !Number.isFinite(rate))
    throw new Error(`demo agent: rate must be > 0, got ${rate}`);
  const logLine = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const seed = options.seed ?? 1;
  const ancestors = options.ancestors ?? ALL_ANCESTORS;
  let streamOf: StreamOf;
  let passes = (): number => 0;
  if (options.replay !== undefined) {
    ({ streamOf, passes } = await replaySource({
      path: options.replay,
      loop: options.loop ?? false,
      retime: options.retime ?? false,
      speed: options.speed,
      rate: options.rate,
      clock: options.replayClock ?? systemClock,
      log: logLine,
    }));
  } else {
    streamOf = (accept, signal) => {
      const source = createEventGenerator({
        seed,
        startTime: options.startTime ?? Date.now(),
        meanIntervalMs: 1000 / rate,
        ancestors,
        ...(options.nodes ? { nodes: options.nodes } : {}),
      });
      return pacedEvents(source, rate, accept, signal);
    };
  }

  const streams = { open: 0, opened: 0 };
  const handler = connectNodeAdapter({
    routes: demoService({ streamOf, streams, startedAt: performance.now(), ancestors }),
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
    replayPasses: () => passes(),
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
