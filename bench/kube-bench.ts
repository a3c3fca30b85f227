/**
 * Cluster-mode figures for `npm run bench`, measured against the fake Kubernetes API server
 * (server/testing/fake-kube).
 *
 * - kube.timeToAllLiveMs: from starting the gateway with --kube (credentials loaded, nothing
 *   discovered yet) until one GetEvents client has received an event from every one of the
 *   pods (half reached by port-forward, half by `tetra getevents` over exec). The fake
 *   cluster (API server, 25 demo agents) runs in this process beside the gateway and shares
 *   its event loop: pessimistic for a real cluster.
 * - kube.execIngestEventsPerSec, the exec steps and the overload run: bench/kube-exec.ts.
 * - kube.jsonDecodeEventsPerSec: the exec stream's lines through the gateway's per-line work
 *   alone (src/logs: split, JSON.parse, written straight to GetEventsResponse bytes) in a
 *   tight loop: the ceiling JSON decoding puts on one exec stream (wall clock, so load
 *   lowers it), and its CPU per event (which load barely moves).
 */
import { EncodedTetragonLogReader } from "../src/logs/log-reader.js";
import { startKubeStack } from "../server/testing/fake-kube/kube-stack.js";
import { watch } from "../server/testing/reliability.js";
import { defaultBackoff } from "../server/upstream/backoff.js";
import type { Mode } from "./modes.js";
import { type ExecFigures, measureExec } from "./kube-exec.js";
import { eventLines } from "./kube-lines.js";

export interface KubeFigures extends ExecFigures {
  timeToAllLiveMs: number;
  pods: number;
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

  const exec = await measureExec(mode, log);
  const ceiling = decodeCeiling(lines, mode === "smoke" ? 300 : 2000);
  log(
    `kube: exec ${String(exec.execIngestEventsPerSec)} events/s delivered in full; JSON decode ceiling ${ceiling.perSec.toFixed(0)}/s (${ceiling.cpuUsPerEvent.toFixed(1)} µs CPU per event)`,
  );
  return {
    timeToAllLiveMs: Math.round(timeToAllLiveMs),
    pods,
    ...exec,
    jsonDecodeEventsPerSec: Math.round(ceiling.perSec),
    jsonDecodeCpuUsPerEvent: Math.round(ceiling.cpuUsPerEvent * 10) / 10,
    lineSource: source,
    meanLineBytes: Math.round(lines.reduce((n, l) => n + l.length + 1, 0) / lines.length),
  };
}
