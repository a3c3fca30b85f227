/**
 * The gateway's cost as a proxy, at a paced rate it should carry: the same stream client
 * (bench/stream-client.ts) reads `rate` events/s for `seconds`, first straight from the agent
 * (native gRPC), then through the gateway (gRPC-Web, the browser's protocol), one at a time.
 *
 * Per run: open the stream, wait until the agent has it, set the agent to `rate` with a
 * per-stream limit of rate × seconds events (t0 = the agent's answer), wait for the client's
 * report. Throughput = events received / (last event − t0); latency = receive time − the
 * send time the agent stamped into each event (same clock, same host). During the gateway
 * run the gateway process's CPU time is read before and after (and, with --gateway-prof, its
 * V8 CPU profile is taken), so the cost per relayed event is measured, not guessed.
 */
import { join } from "node:path";
import { summariseProfile, type ProfileSummary } from "./cpu-profile.js";
import {
  openStreamClient,
  type AgentProcess,
  type GatewayProcess,
  type StreamClientResult,
} from "./stack.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface PathRun {
  events: number;
  lost: number;
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  problem: string | undefined;
}

export interface ProxyFigures {
  rateEventsPerSec: number;
  seconds: number;
  throughputRatio: number;
  addedLatencyP99Ms: number;
  direct: PathRun;
  gateway: PathRun;
  /** Gateway CPU time (user + system) per event it relayed in the gateway run, µs. */
  gatewayCpuUsPerEvent: number;
  gatewayDropped: number;
  profile?: ProfileSummary;
}

function quantile(hist: [number, number][], p: number): number {
  const total = hist.reduce((n, [, c]) => n + c, 0);
  let seen = 0;
  for (const [ms, c] of hist) {
    seen += c;
    if (seen > p * total) return ms;
  }
  return Number.NaN;
}

async function run(
  agent: AgentProcess,
  url: string,
  protocol: "grpc" | "grpc-web",
  rate: number,
  seconds: number,
): Promise<PathRun> {
  const limit = Math.round(rate * seconds);
  const client = openStreamClient(url, protocol, limit, seconds * 1000 + 10_000);
  await client.opened;
  // The gateway opens its upstream stream when the browser's arrives: wait for it.
  for (let i = 0; i < 100 && (await agent.streams()) < 1; i++) await sleep(50);
  await agent.setRate(rate, limit);
  const t0 = Date.now();
  let r: StreamClientResult;
  try {
    r = await client.result;
  } finally {
    await agent.setRate(0);
  }
  const latency = r.latency;
  return {
    events: r.events,
    lost: limit - r.events,
    perSec: r.events / Math.max(1e-3, (r.lastMs - t0) / 1000),
    p50Ms: quantile(latency, 0.5),
    p99Ms: quantile(latency, 0.99),
    maxMs: latency.at(-1)?.[0] ?? Number.NaN,
    problem: r.problem,
  };
}

export async function measureProxy(
  agent: AgentProcess,
  gateway: GatewayProcess,
  rate: number,
  seconds: number,
  profileDir: string | undefined,
): Promise<ProxyFigures> {
  // No other stream may take the agent's paced events: wait until the last one closed.
  for (let i = 0; i < 100 && (await agent.streams()) > 0; i++) await sleep(50);
  const direct = await run(agent, `http://${agent.address}`, "grpc", rate, seconds);
  for (let i = 0; i < 100 && (await agent.streams()) > 0; i++) await sleep(50);
  const before = await gateway.counters();
  if (profileDir !== undefined) await gateway.profileStart();
  const viaGateway = await run(agent, gateway.url, "grpc-web", rate, seconds);
  let profile: ProfileSummary | undefined;
  if (profileDir !== undefined) {
    const path = join(profileDir, `gateway-${String(Date.now())}.cpuprofile`);
    await gateway.profileStop(path);
    profile = summariseProfile(path, viaGateway.events);
  }
  const after = await gateway.counters();
  return {
    rateEventsPerSec: rate,
    seconds,
    throughputRatio: viaGateway.perSec / direct.perSec,
    addedLatencyP99Ms: viaGateway.p99Ms - direct.p99Ms,
    direct,
    gateway: viaGateway,
    gatewayCpuUsPerEvent: (after.cpuUs - before.cpuUs) / Math.max(1, viaGateway.events),
    gatewayDropped: after.dropped - before.dropped,
    ...(profile === undefined ? {} : { profile }),
  };
}
