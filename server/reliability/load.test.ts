/**
 * Load: 20 gRPC-Web clients through one gateway, everything out of process (see
 * server/testing/load-stack.ts): the synthetic agent, the compiled gateway CLI, and the
 * clients in 4 processes × 5 (each client its own HTTP/1.1 connection). Four processes, not
 * twenty: on a 2-core machine twenty node processes would spend more CPU on their own
 * runtimes and scheduling than on reading sockets, competing with the gateway being measured;
 * hand-parsed frames make five clients per process cheap.
 *
 * SOAK=1: 2,000 events/s per stream for 60 s (the target, 40,000 events/s in total).
 * `npm test`: 200/s for 3 s. The agent paces each stream for that long, whether or not the
 * gateway keeps up; what is asserted is correctness: every client receives all
 * perSecond × seconds events of its stream, byte for byte as the agent sent them (time
 * excepted), in order, no duplicate, no drop notice, no error trailer, no gateway error line.
 * The achieved rate, latency, and the gateway's CPU and peak RSS are recorded, not asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildLoadProcesses,
  type LoadResult,
  removeBuild,
  runLoad,
} from "../testing/load-stack.js";
import { recordFigure, soak } from "../testing/reliability.js";

const clients = 20;
const processes = 4;
// LOAD_PER_SECOND / LOAD_SECONDS / LOAD_GATEWAY_NODE_ARGS (e.g. "--cpu-prof"): by hand, for
// profiling and shorter soak-rate runs.
const env = (name: string): string | undefined => process.env[name] || undefined;
const perSecond = Number(env("LOAD_PER_SECOND") ?? (soak ? 2_000 : 200));
const seconds = Number(env("LOAD_SECONDS") ?? (soak ? 60 : 3));
const gatewayNodeArgs = env("LOAD_GATEWAY_NODE_ARGS")?.split(" ") ?? [];

let buildDir = "";
beforeAll(async () => {
  buildDir = await buildLoadProcesses();
}, 120_000);
afterAll(() => {
  if (buildDir !== "") removeBuild(buildDir);
});

function summary(r: LoadResult): string {
  const min = Math.min(...r.clients.map((c) => c.delivered));
  return [
    `${String(clients)} clients (${String(processes)} processes) × ${String(perSecond)}/s × ${String(seconds)} s`,
    `delivered ${String(r.delivered)} of ${String(r.expectedPerClient * clients)} (per client ${String(min)}..${String(r.expectedPerClient)})`,
    `in ${String(r.elapsedS)} s = ${String(r.achievedPerSecond)} events/s`,
    `latency p50 ${String(r.latencyP50Ms)} ms, p99 ${String(r.latencyP99Ms)} ms, max ${String(r.latencyMaxMs)} ms`,
    `gateway CPU ${String(r.gateway.cpuPercent)} % (${String(r.gateway.cpuSeconds)} s), peak RSS ${String(r.gateway.peakRssMb)} MB`,
    `agent CPU ${String(r.agent.cpuPercent)} %, clients CPU ${String(r.clientProcesses.cpuPercent)} %`,
    `load average ${r.loadAverage.join(" / ")}`,
  ].join("; ");
}

describe("load (agent, gateway and clients in separate processes)", () => {
  it(
    `${String(clients)} gRPC-Web clients × ${String(perSecond)} events/s for ${String(seconds)} s: every event, byte for byte, in order`,
    async () => {
      const r = await runLoad({
        buildDir,
        clients,
        processes,
        perSecond,
        seconds,
        gatewayNodeArgs,
        log: (line) => {
          if (soak) console.log(`[load] ${line}`);
        },
      });
      console.log(`[load] ${summary(r)}`);
      // The gateway's own account first: it names the cause when every client sees the same fault.
      for (const line of r.gatewayErrors.slice(0, 10)) console.log(`[load] gateway: ${line}`);
      expect(r.problems).toEqual([]);
      expect(r.clients.filter((c) => c.problem !== undefined)).toEqual([]);
      expect(r.clients).toHaveLength(clients);
      for (const c of r.clients) {
        expect(c.delivered).toBe(perSecond * seconds);
        // No extra frame after the last event (a duplicate, a drop notice, a trailer).
        expect(c.frames).toBe(c.delivered);
      }
      expect(r.gatewayErrors).toEqual([]);
      recordFigure("load", {
        clients,
        processes,
        perSecond,
        seconds,
        delivered: r.delivered,
        targetTotal: clients * perSecond * seconds,
        elapsedS: r.elapsedS,
        achievedPerSecondTotal: r.achievedPerSecond,
        perClientMin: Math.min(...r.clients.map((c) => c.delivered)),
        perClientMax: Math.max(...r.clients.map((c) => c.delivered)),
        latencyP50Ms: r.latencyP50Ms,
        latencyP99Ms: r.latencyP99Ms,
        latencyMaxMs: r.latencyMaxMs,
        gatewayCpuPercent: r.gateway.cpuPercent,
        gatewayPeakRssMb: r.gateway.peakRssMb,
        agentCpuPercent: r.agent.cpuPercent,
        clientsCpuPercent: r.clientProcesses.cpuPercent,
        errors: r.gatewayErrors.length + r.clients.filter((c) => c.problem !== undefined).length,
      });
    },
    // Hang guards above runLoad's own deadlines (which name what did not happen).
    (soak ? 600 : 400) * 1000,
  );
});
