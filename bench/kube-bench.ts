/**
 * Cluster-mode figures for `npm run bench`, measured against the fake Kubernetes API server
 * (server/testing/fake-kube).
 *
 * - kube.timeToAllLiveMs: from starting the gateway with --kube (credentials loaded, nothing
 *   discovered yet) until one GetEvents client has received an event from every one of the
 *   pods (half reached by port-forward, half by `tetra getevents` over exec). The fake
 *   cluster (API server, 25 demo agents) runs in this process beside the gateway and shares
 *   its event loop: pessimistic for a real cluster.
 * - kube.execIngestEventsPerSec: events/s one exec (JSON) stream delivers through the gateway
 *   (this process) to a gRPC-Web client (another process), the fake API server and its
 *   `tetra` (a third process, bench/kube-cluster-process.ts, as on a real cluster where they
 *   run elsewhere) printing real events as fast as the stream takes them. All three share
 *   the machine's 2 cores. `jsonDecodeEventsPerSec` is the same lines through the gateway's
 *   per-line work alone (src/logs: split, JSON.parse, written straight to GetEventsResponse
 *   bytes) in a tight loop: the ceiling JSON decoding puts on one exec stream.
 */
import { AgentState } from "../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { EncodedTetragonLogReader } from "../src/logs/log-reader.js";
import { startGatewayOnCluster, startKubeStack } from "../server/testing/fake-kube/kube-stack.js";
import { watch } from "../server/testing/reliability.js";
import { defaultBackoff } from "../server/upstream/backoff.js";
import type { Mode } from "./modes.js";
import { eventLines } from "./kube-lines.js";
import { runClient, startKubeClusterProcess } from "./stack.js";

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

export interface KubeFigures {
  timeToAllLiveMs: number;
  pods: number;
  execIngestEventsPerSec: number;
  execWindowSec: number;
  /** Where each part of the exec figure ran. */
  execSetup: string;
  /** The gateway process's CPU time per event it relayed from the exec stream, µs. */
  execGatewayCpuUsPerEvent: number;
  jsonDecodeEventsPerSec: number;
  /** CPU time of that per-line work, µs per event (load inflates wall-clock figures). */
  jsonDecodeCpuUsPerEvent: number;
  lineSource: string;
  meanLineBytes: number;
}

/** The per-line work alone in a loop: events/s (wall clock) and CPU µs per event. */
function decodeCeiling(lines: readonly string[], ms: number) {
  const text = Buffer.from(`${lines.join("\n")}\n`);
  const until = performance.now() + ms;
  let events = 0;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() < until) {
    const reader = new EncodedTetragonLogReader();
    for (const { result } of reader.push(text)) if (result.kind === "event") events++;
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    perSec: events / ((performance.now() - start) / 1000),
    cpuUsPerEvent: (cpu.user + cpu.system) / events,
  };
}

export async function measureKube(mode: Mode, log: (s: string) => void): Promise<KubeFigures> {
  const { lines, source } = eventLines();
  const pods = mode === "smoke" ? 10 : 50;
  const nodes = Array.from({ length: pods }, (_, i) => ({
    node: `node-${String(i).padStart(2, "0")}`,
    kind: i % 2 === 0 ? ("tcp" as const) : ("unix" as const),
  }));

  // Time to all live: the clock starts when the gateway starts (the cluster is already up).
  let timeToAllLiveMs = Number.NaN;
  {
    const started = performance.now();
    const stack = await startKubeStack({ nodes, rate: 5 }, { backoff: defaultBackoff });
    const seen = new Set<string>();
    const all = new Promise<void>((resolve) => {
      const w = watch(stack.gateway.url, {
        keep: false,
        onEvent: (e) => {
          seen.add(e.nodeName);
          if (seen.size === pods) {
            timeToAllLiveMs = performance.now() - started - stack.clusterStartMs;
            w.abort();
            resolve();
          }
        },
      });
    });
    await Promise.race([all, new Promise((r) => setTimeout(r, 60_000))]);
    await stack.close();
    log(
      `kube: ${String(seen.size)}/${String(pods)} pods live after ${timeToAllLiveMs.toFixed(0)} ms`,
    );
  }

  // One exec stream, as fast as it goes, from a fake cluster in its own process.
  const seconds = mode === "smoke" ? 1 : mode === "quick" ? 3 : 5;
  const remote = await startKubeClusterProcess();
  const logs: string[] = [];
  let execPerSec: number;
  let gatewayCpuUsPerEvent: number;
  try {
    const gateway = await startGatewayOnCluster(remote, logs, { backoff: defaultBackoff });
    try {
      // Measure the stream, not the first dial: wait until the exec agent is up.
      const agent = () => gateway.agents.list()[0]?.status();
      await waitUntil(() => agent()?.state === AgentState.IDLE, 30_000);
      // This process is the gateway (the harness idles meanwhile): its CPU per relayed event.
      const cpu0 = process.cpuUsage();
      const events0 = agent()?.eventsTotal ?? 0n;
      execPerSec = (await runClient(gateway.url.replace(/\/$/, ""), 0.5, seconds, "grpc-web"))
        .perSec;
      const cpu = process.cpuUsage(cpu0);
      const events = Number((agent()?.eventsTotal ?? 0n) - events0);
      gatewayCpuUsPerEvent = (cpu.user + cpu.system) / Math.max(1, events);
    } finally {
      await gateway.close();
    }
  } finally {
    await remote.close();
  }
  const ceiling = decodeCeiling(lines, mode === "smoke" ? 300 : 2000);
  log(
    `kube: exec ${execPerSec.toFixed(0)} events/s (gateway ${gatewayCpuUsPerEvent.toFixed(0)} µs CPU per event); JSON decode ceiling ${ceiling.perSec.toFixed(0)}/s (${ceiling.cpuUsPerEvent.toFixed(1)} µs CPU per event)`,
  );
  return {
    timeToAllLiveMs: Math.round(timeToAllLiveMs),
    pods,
    execIngestEventsPerSec: Math.round(execPerSec),
    execWindowSec: seconds,
    execGatewayCpuUsPerEvent: Math.round(gatewayCpuUsPerEvent),
    execSetup:
      "gateway in the bench process; fake API server and tetra in another; gRPC-Web client in a third",
    jsonDecodeEventsPerSec: Math.round(ceiling.perSec),
    jsonDecodeCpuUsPerEvent: Math.round(ceiling.cpuUsPerEvent * 10) / 10,
    lineSource: source,
    meanLineBytes: Math.round(lines.reduce((n, l) => n + l.length + 1, 0) / lines.length),
  };
}
