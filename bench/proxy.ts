/**
 * The gateway's cost as a proxy, at a paced rate it should carry. One client process
 * (bench/stream-client.ts) opens two GetEvents streams side by side: straight to the agent
 * (native gRPC) and through the gateway (gRPC-Web, the browser's protocol). Once the agent
 * has both, it sends `rate` events/s on each for `seconds` (a per-stream limit of
 * rate × seconds; t0 = its answer), the same events on both.
 *
 *   - throughputRatio = gateway events/s ÷ direct events/s, each = events / (last − t0);
 *   - addedLatencyP99Ms = p99 over events of (gateway latency − direct latency) for the
 *     same event (latency = receive time − the send time the agent stamped into it): stalls
 *     of the agent or the client delay both streams alike and cancel out; the gateway's own
 *     queueing and work remain.
 * The gateway process's CPU time is read before and after (and, with --gateway-prof, its V8
 * CPU profile taken), so the cost per relayed event is measured, not guessed.
 */
import { summariseProfile, type ProfileSummary } from "./cpu-profile.js";
import {
  openStreamClient,
  type AgentProcess,
  type GatewayProcess,
  type StreamClientReport,
  type StreamClientResult,
} from "./stack.js";
import { percentile } from "./stats.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round1 = (n: number): number => Math.round(n * 10) / 10;

export interface PathRun {
  events: number;
  lost: number;
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  problem: string | null;
}

export interface ProxyFigures {
  rateEventsPerSec: number;
  seconds: number;
  throughputRatio: number;
  addedLatencyP99Ms: number;
  addedLatencyP50Ms: number;
  direct: PathRun;
  gateway: PathRun;
  /** Gateway CPU time (user + system) per event it relayed in this run, µs. */
  gatewayCpuUsPerEvent: number;
  /** Gateway CPU time ÷ wall time of the run, % of one core. */
  gatewayCpuPercent: number;
  /** CPU time of the client process (both streams, whole life), % of the run's wall time. */
  clientCpuPercent: number;
  /** Times the OS preempted the gateway process during the run. */
  gatewayPreempted: number;
  /** The gateway's event-loop delay during the run (its own blocking plus preemption). */
  gatewayLoopDelayP99Ms: number;
  gatewayLoopDelayMaxMs: number;
  gatewayDropped: number;
  profile?: ProfileSummary;
}

async function waitForStreams(agent: AgentProcess, test: (n: number) => boolean): Promise<void> {
  for (let i = 0; i < 200 && !test(await agent.streams()); i++) await sleep(50);
}

function pathRun(r: StreamClientResult, limit: number, t0: number): PathRun {
  return {
    events: r.events,
    lost: limit - r.events,
    perSec: Math.round(r.events / Math.max(1e-3, (r.lastMs - t0) / 1000)),
    p50Ms: percentile(r.latencies, 0.5),
    p99Ms: percentile(r.latencies, 0.99),
    maxMs: r.latencies.length === 0 ? Number.NaN : r.latencies.reduce((a, b) => Math.max(a, b)),
    problem: r.problem ?? null,
  };
}

/** The client's report; asked for early once the agent has sent `total` plus a 3 s grace. */
async function collect(
  agent: AgentProcess,
  client: ReturnType<typeof openStreamClient>,
  sentBase: number,
  total: number,
): Promise<StreamClientReport> {
  let reported = false;
  const finishAfterGrace = async (): Promise<void> => {
    while (!reported && (await agent.sent()) - sentBase < total) await sleep(100);
    for (let i = 0; i < 30 && !reported; i++) await sleep(100);
    client.finish();
  };
  const grace = finishAfterGrace();
  try {
    return await client.result;
  } finally {
    reported = true;
    await grace;
  }
}

export async function measureProxy(
  agent: AgentProcess,
  gateway: GatewayProcess,
  rate: number,
  seconds: number,
  /** Where to write the gateway's CPU profile of the run; none when undefined. */
  profilePath: string | undefined,
): Promise<ProxyFigures> {
  const limit = Math.round(rate * seconds);
  // No other stream may take paced events: wait until the dashboard's stream has closed.
  await waitForStreams(agent, (n) => n === 0);
  const client = openStreamClient(
    [
      { baseUrl: `http://${agent.address}`, protocol: "grpc" },
      { baseUrl: gateway.url, protocol: "grpc-web" },
    ],
    limit,
    seconds * 1000 + 15_000,
  );
  await client.opened;
  // The gateway opens its upstream stream when the client's arrives.
  await waitForStreams(agent, (n) => n >= 2);
  const before = await gateway.counters();
  if (profilePath !== undefined) await gateway.profileStart();
  const sentBase = await agent.setRate(rate, limit);
  const t0 = Date.now();
  const wallStart = performance.now();
  let report: StreamClientReport;
  try {
    report = await collect(agent, client, sentBase, 2 * limit);
  } finally {
    await agent.setRate(0);
  }
  const [direct, viaGateway] = report.streams;
  if (direct === undefined || viaGateway === undefined)
    throw new Error("proxy: a stream is missing");
  let profile: ProfileSummary | undefined;
  if (profilePath !== undefined) {
    await gateway.profileStop(profilePath);
    profile = summariseProfile(profilePath, viaGateway.events);
  }
  const after = await gateway.counters();
  const wallUs = (performance.now() - wallStart) * 1000;
  const n = Math.min(direct.latencies.length, viaGateway.latencies.length);
  const added = Array.from(
    { length: n },
    (_, i) => (viaGateway.latencies[i] ?? 0) - (direct.latencies[i] ?? 0),
  );
  const d = pathRun(direct, limit, t0);
  const g = pathRun(viaGateway, limit, t0);
  return {
    rateEventsPerSec: rate,
    seconds,
    throughputRatio: g.perSec / d.perSec,
    addedLatencyP99Ms: percentile(added, 0.99),
    addedLatencyP50Ms: percentile(added, 0.5),
    direct: d,
    gateway: g,
    gatewayCpuUsPerEvent: round1((after.cpuUs - before.cpuUs) / Math.max(1, viaGateway.events)),
    gatewayCpuPercent: Math.round((100 * (after.cpuUs - before.cpuUs)) / wallUs),
    gatewayPreempted: after.preempted - before.preempted,
    clientCpuPercent: Math.round((100 * report.cpuUs) / wallUs),
    gatewayLoopDelayP99Ms: round1(after.loopDelayP99Ms),
    gatewayLoopDelayMaxMs: round1(after.loopDelayMaxMs),
    gatewayDropped: after.dropped - before.dropped,
    ...(profile === undefined ? {} : { profile }),
  };
}
