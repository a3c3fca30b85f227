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
  jsonDecodeEventsPerSec: number;
  lineSource: string;
  meanLineBytes: number;
}

function decodeCeiling(lines: readonly string[], ms: number): number {
  const text = Buffer.from(`${lines.join("\n")}\n`);
  const until = performance.now() + ms;
  let events = 0;
  const start = performance.now();
  while (performance.now() < until) {
    const reader = new EncodedTetragonLogReader();
    for (const { result } of reader.push(text)) if (result.kind === "event") events++;
  }
  return events / ((performance.now() - start) / 1000);
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
  try {
    const gateway = await startGatewayOnCluster(remote, logs, { backoff: defaultBackoff });
    try {
      // Measure the stream, not the first dial: wait until the exec agent is up.
      await waitUntil(() => gateway.agents.list()[0]?.status().state === AgentState.IDLE, 30_000);
      execPerSec = (await runClient(gateway.url.replace(/\/$/, ""), 0.5, seconds, "grpc-web"))
        .perSec;
    } finally {
      await gateway.close();
    }
  } finally {
    await remote.close();
  }
  const ceiling = decodeCeiling(lines, mode === "smoke" ? 300 : 2000);
  log(`kube: exec ${execPerSec.toFixed(0)} events/s; JSON decode ceiling ${ceiling.toFixed(0)}/s`);
  return {
    timeToAllLiveMs: Math.round(timeToAllLiveMs),
    pods,
    execIngestEventsPerSec: Math.round(execPerSec),
    execWindowSec: seconds,
    execSetup:
      "gateway in the bench process; fake API server and tetra in another; gRPC-Web client in a third",
    jsonDecodeEventsPerSec: Math.round(ceiling),
    lineSource: source,
    meanLineBytes: Math.round(lines.reduce((n, l) => n + l.length + 1, 0) / lines.length),
  };
}
