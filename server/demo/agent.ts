/*
 * The demo Tetragon agent: a plain HTTP/2 (h2c) gRPC server on a loopback port serving
 * tetragon.FineGuidanceSensors like a real agent. GetEvents gives every client its own
 * event source, filtered with the request's allow/deny lists: the seeded generator paced at
 * `rate`, or a replayed log from its first event (replay-stream.ts: once then idle, or
 * looped; original or fresh times). GetHealth, GetVersion, GetInfo and ListTracingPolicies
 * answer with fixed data; every other method is Unimplemented (the router's default).
 * close() destroys open sessions, so the port is free again when it resolves.
 */
import type { ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { GetEventsResponse } from "../../src/gen/tetragon/events_pb.js";
import {
  FineGuidanceSensors,
  TracingPolicyMode,
  TracingPolicyState,
} from "../../src/gen/tetragon/sensors_pb.js";
import { HealthStatusResult, HealthStatusType } from "../../src/gen/tetragon/tetragon_pb.js";
import { POLICIES } from "./cluster-data.js";
import { compileEventFilter, type EventPredicate } from "./event-filter.js";
import { pacedEvents } from "./event-stream.js";
import { createEventGenerator } from "./generator.js";
import { describeReplayLog, loadReplayFile } from "./replay.js";
import {
  DEFAULT_MAX_PAUSE_MS,
  replayEvents,
  shortenedPauses,
  type ReplayClock,
  type ReplayPace,
} from "./replay-stream.js";

export const DEMO_AGENT_VERSION = "v1.5.0-demo";

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

type StreamOf = (
  accept: EventPredicate,
  signal: AbortSignal,
  streamId: number,
) => AsyncGenerator<GetEventsResponse>;

function routes(opts: { streamOf: StreamOf; streams: { open: number; opened: number } }) {
  return (router: ConnectRouter) => {
    router.service(FineGuidanceSensors, {
      async *getEvents(request, context) {
        const accept = compileEventFilter(request);
        opts.streams.open++;
        try {
          yield* opts.streamOf(accept, context.signal, ++opts.streams.opened);
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

const systemClock: ReplayClock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

function replayPace(options: DemoAgentOptions): ReplayPace {
  if (options.speed !== undefined && options.rate !== undefined)
    throw new Error("demo agent: give a replay either speed or rate, not both");
  if (options.rate !== undefined) return { rate: options.rate };
  const speed = options.speed ?? "max";
  if (speed !== "max" && !(speed > 0 && Number.isFinite(speed)))
    throw new Error(`demo agent: speed must be > 0 or "max", got ${speed}`);
  return { speed };
}

/** "once, speed 1 (3 pauses over 5 s shortened to 5 s), original times" for the start-up line. */
function paceText(
  pace: ReplayPace,
  options: DemoAgentOptions,
  timesMs: (number | undefined)[],
): string {
  let text = "rate" in pace ? `${pace.rate} events/s` : `speed ${pace.speed}`;
  if ("speed" in pace && pace.speed !== "max") {
    const n = shortenedPauses(timesMs, pace.speed, DEFAULT_MAX_PAUSE_MS);
    const s = DEFAULT_MAX_PAUSE_MS / 1000;
    if (n > 0) text += ` (${n} pause${n === 1 ? "" : "s"} over ${s} s shortened to ${s} s)`;
  }
  return `${options.loop ? "looping" : "once"}, ${text}, ${options.retime ? "times of sending" : "original times"}`;
}

export async function startDemoAgent(options: DemoAgentOptions = {}): Promise<DemoAgent> {
  const host = options.host ?? "127.0.0.1";
  const rate = options.rate ?? 20;
  if (!(rate > 0) || !Number.isFinite(rate))
    throw new Error(`demo agent: rate must be > 0, got ${rate}`);
  const logLine = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const seed = options.seed ?? 1;
  const streams = { open: 0, opened: 0 };
  let passes = 0;
  let streamOf: StreamOf;
  if (options.replay !== undefined) {
    const log = await loadReplayFile(options.replay, logLine);
    const pace = replayPace(options);
    logLine(
      `replay: ${options.replay}: ${describeReplayLog(log)}; ${paceText(pace, options, log.timesMs)}`,
    );
    const clock = options.replayClock ?? systemClock;
    streamOf = (accept, signal, id) =>
      replayEvents(
        log,
        {
          pace,
          loop: options.loop ?? false,
          retime: options.retime ?? false,
          maxPauseMs: DEFAULT_MAX_PAUSE_MS,
        },
        accept,
        signal,
        clock,
        (pass) => {
          passes++;
          if (pass === 1)
            logLine(
              `replay: stream ${id} sent the whole file (${log.events.length} events)${options.loop ? "; looping" : "; staying connected"}`,
            );
        },
      );
  } else {
    streamOf = (accept, signal) => {
      const source = createEventGenerator({
        seed,
        startTime: options.startTime ?? Date.now(),
        meanIntervalMs: 1000 / rate,
        ...(options.nodes ? { nodes: options.nodes } : {}),
      });
      return pacedEvents(source, rate, accept, signal);
    };
  }

  const handler = connectNodeAdapter({
    routes: routes({ streamOf, streams }),
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
    replayPasses: () => passes,
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
