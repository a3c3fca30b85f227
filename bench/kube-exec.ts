/**
 * kube.execIngestEventsPerSec: events/s one exec (JSON) stream delivers through the gateway
 * to a gRPC-Web client, measured as the ingest figure is: a ladder of paced rates, each a
 * fresh stack (the fake API server and its `tetra` in their own process,
 * bench/kube-cluster-process.ts, as on a real cluster where they run elsewhere; the gateway
 * in this process; the client, bench/client-process.ts, in a third), and the figure is the
 * highest rate delivered in full: the gateway dropped nothing for the client and the client
 * received at least 95 % of the rate over the window. Then one run with `tetra` printing as
 * fast as the stream takes (`overload`): what the gateway reads, drops and delivers when the
 * source outruns the client. All processes share the machine's 2 cores.
 */
import { AgentState } from "../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { startGatewayOnCluster } from "../server/testing/fake-kube/kube-stack.js";
import { defaultBackoff } from "../server/upstream/backoff.js";
import type { Mode } from "./modes.js";
import { runClient, startKubeClusterProcess } from "./stack.js";

export interface ExecStep {
  /** Events/s the fake tetra printed at ("max": as fast as the stream took them). */
  rate: number | "max";
  /** Events/s the client received over the window. */
  deliveredPerSec: number;
  /** Events/s the gateway read from the exec stream over the client's whole run. */
  upstreamPerSec: number;
  /** Events the gateway dropped because the client fell behind. */
  droppedForClient: number;
  /** The gateway process's CPU per event read from the exec stream, µs. */
  gatewayCpuUsPerEvent: number;
  full: boolean;
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

const WARM_SECONDS = 0.5;

async function step(rate: number | "max", seconds: number): Promise<ExecStep> {
  const remote = await startKubeClusterProcess(rate);
  try {
    const gateway = await startGatewayOnCluster(remote, [], { backoff: defaultBackoff });
    try {
      const agent = () => gateway.agents.list()[0]?.status();
      // Measure the stream, not the first dial: wait until the exec agent is up.
      await waitUntil(() => agent()?.state === AgentState.IDLE, 30_000);
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      const events0 = agent()?.eventsTotal ?? 0n;
      const dropped0 = gateway.droppedEvents();
      const client = await runClient(
        gateway.url.replace(/\/$/, ""),
        WARM_SECONDS,
        seconds,
        "grpc-web",
      );
      const cpu = process.cpuUsage(cpu0);
      const upstream = Number((agent()?.eventsTotal ?? 0n) - events0);
      const droppedForClient = gateway.droppedEvents() - dropped0;
      return {
        rate,
        deliveredPerSec: Math.round(client.perSec),
        upstreamPerSec: Math.round(upstream / ((performance.now() - started) / 1000)),
        droppedForClient,
        gatewayCpuUsPerEvent: Math.round((cpu.user + cpu.system) / Math.max(1, upstream)),
        full: rate !== "max" && droppedForClient === 0 && client.perSec >= 0.95 * rate,
      };
    } finally {
      await gateway.close();
    }
  } finally {
    await remote.close();
  }
}

export interface ExecFigures {
  /** The highest rung delivered in full (0: none). */
  execIngestEventsPerSec: number;
  execWindowSec: number;
  execSteps: ExecStep[];
  execOverload: ExecStep;
  execSetup: string;
}

export async function measureExec(mode: Mode, log: (s: string) => void): Promise<ExecFigures> {
  const seconds = mode === "smoke" ? 1 : mode === "quick" ? 3 : 5;
  const rates = mode === "smoke" ? [500] : [2_000, 4_000, 6_000, 8_000, 10_000, 12_000, 16_000];
  const steps: ExecStep[] = [];
  for (const rate of rates) {
    const s = await step(rate, seconds);
    steps.push(s);
    log(`kube exec ${JSON.stringify(s)}`);
    if (!s.full) break;
  }
  const overload = await step("max", seconds);
  log(`kube exec ${JSON.stringify(overload)}`);
  const full = steps.filter((s) => s.full).map((s) => s.rate as number);
  return {
    execIngestEventsPerSec: full.length > 0 ? Math.max(...full) : 0,
    execWindowSec: seconds,
    execSteps: steps,
    execOverload: overload,
    execSetup:
      "gateway in the bench process; fake API server and tetra in another; gRPC-Web client (connect, full decode) in a third",
  };
}
