/**
 * Cluster-mode figures for `npm run bench`, measured against the fake Kubernetes API server
 * (server/testing/fake-kube), which runs in this process beside the gateway and shares its
 * cores — so both figures are pessimistic for a real cluster, where the API server, kubelets
 * and agents run elsewhere.
 *
 * - kube.timeToAllLiveMs: from starting the gateway with --kube (credentials loaded, nothing
 *   discovered yet) until one GetEvents client has received an event from every one of the
 *   pods (half reached by port-forward, half by `tetra getevents` over exec).
 * - kube.execIngestEventsPerSec: events/s one exec (JSON) stream delivers through the gateway
 *   to a gRPC-Web client in another process, the fake tetra printing pre-serialised lines as
 *   fast as the stream takes them. `jsonDecodeEventsPerSec` is the same lines through the
 *   gateway's per-line work alone (src/logs reader + toBinary) in a tight loop: the ceiling
 *   that JSON decoding puts on one exec stream.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { toBinary, toJsonString } from "@bufbuild/protobuf";
import { GetEventsResponseSchema } from "../src/gen/tetragon/events_pb.js";
import { AgentState } from "../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { TetragonLogReader } from "../src/logs/log-reader.js";
import { createEventGenerator } from "../server/demo/generator.js";
import { startKubeStack } from "../server/testing/fake-kube/kube-stack.js";
import { watch } from "../server/testing/reliability.js";
import { defaultBackoff } from "../server/upstream/backoff.js";
import type { Mode } from "./modes.js";
import { repoRoot, runClient } from "./stack.js";

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

export interface KubeFigures {
  timeToAllLiveMs: number;
  pods: number;
  execIngestEventsPerSec: number;
  execWindowSec: number;
  jsonDecodeEventsPerSec: number;
  lineSource: string;
  meanLineBytes: number;
}

/** Real Tetragon events when ../shared has them, else generated ones, as JSON lines. */
function eventLines(): { lines: string[]; source: string } {
  try {
    const text = readFileSync(
      join(repoRoot, "..", "shared", "tetragon-api", "real-events.jsonl"),
      "utf8",
    );
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    if (lines.length > 0) return { lines, source: "../shared real-events.jsonl" };
  } catch {
    // fall through to generated events
  }
  const gen = createEventGenerator({ seed: 1, startTime: Date.now() });
  const lines = Array.from({ length: 512 }, () =>
    toJsonString(GetEventsResponseSchema, gen.next(), { useProtoFieldName: true }),
  );
  return { lines, source: "generated (demo generator)" };
}

/** Each line re-stamped with `node` as node_name, cycling through the pool. */
function linePool(node: string, lines: readonly string[]): () => string {
  const pool = lines.map((l) => JSON.stringify({ ...(JSON.parse(l) as object), node_name: node }));
  let i = 0;
  return () => pool[i++ % pool.length] ?? "";
}

function decodeCeiling(lines: readonly string[], ms: number): number {
  const text = Buffer.from(`${lines.join("\n")}\n`);
  const until = performance.now() + ms;
  let events = 0;
  const start = performance.now();
  while (performance.now() < until) {
    const reader = new TetragonLogReader();
    for (const { result } of reader.push(text)) {
      if (result.kind === "event") {
        toBinary(GetEventsResponseSchema, result.message);
        events++;
      }
    }
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

  // One exec stream, as fast as it goes.
  const seconds = mode === "smoke" ? 1 : mode === "quick" ? 3 : 5;
  const exec = await startKubeStack(
    {
      nodes: [{ node: "node-exec", kind: "unix" }],
      rate: Infinity,
      execLines: (node) => linePool(node, lines),
    },
    { backoff: defaultBackoff },
  );
  // Measure the stream, not the first dial: wait until the exec agent is up.
  await waitUntil(() => exec.gateway.agents.list()[0]?.status().state === AgentState.IDLE, 30_000);
  const execPerSec = await runClient(
    exec.gateway.url.replace(/\/$/, ""),
    0.5,
    seconds,
    "grpc-web",
  ).then(
    async (r) => {
      await exec.close();
      return r.perSec;
    },
    async (err: unknown) => {
      await exec.close();
      throw err;
    },
  );
  const ceiling = decodeCeiling(lines, mode === "smoke" ? 300 : 2000);
  log(`kube: exec ${execPerSec.toFixed(0)} events/s; JSON decode ceiling ${ceiling.toFixed(0)}/s`);
  return {
    timeToAllLiveMs: Math.round(timeToAllLiveMs),
    pods,
    execIngestEventsPerSec: Math.round(execPerSec),
    execWindowSec: seconds,
    jsonDecodeEventsPerSec: Math.round(ceiling),
    lineSource: source,
    meanLineBytes: Math.round(lines.reduce((n, l) => n + l.length + 1, 0) / lines.length),
  };
}
