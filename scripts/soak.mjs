#!/usr/bin/env node
// `npm run soak`: the long variants of server/reliability (SOAK=1): 20 agent restarts,
// 60 s of 20 clients × 2,000 events/s (agent, compiled gateway and clients each in their own
// processes), 5,000-stream churn per protocol, a slow client for 60 s, a frozen agent with
// the default 15 s health interval. Files run one at a time so the load figures are not
// skewed by other suites. Tests append their measured figures to
// a JSON-lines file; this script prints them as a summary at the end.
import "./require-node.mjs";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// Not under test-results/: Playwright empties that folder whenever e2e starts.
const figuresFile = path.join(os.tmpdir(), `tetragon-dashboard-soak-${process.pid}.jsonl`);
rmSync(figuresFile, { force: true });

const started = Date.now();
const run = spawnSync(
  "npx",
  ["vitest", "run", "server/reliability", "--fileParallelism=false", ...process.argv.slice(2)],
  { stdio: "inherit", env: { ...process.env, SOAK: "1", SOAK_FIGURES: figuresFile } },
);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);

const rows = existsSync(figuresFile)
  ? readFileSync(figuresFile, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line))
  : [];

const describe = {
  "agent-restarts": (f) =>
    `${f.restarts} restarts: reconnect p50 ${f.reconnectP50Ms} ms, max ${f.reconnectMaxMs} ms; ${f.gaps} gaps`,
  load: (f) =>
    `${f.clients} clients (${f.processes} processes) × ${f.perSecond}/s × ${f.seconds} s, agent, gateway ` +
    `and clients in separate processes: ${f.delivered} of ${f.targetTotal} events delivered byte-exact and in ` +
    `order (per client ${f.perClientMin}..${f.perClientMax}), ${f.errors} errors; ${f.elapsedS} s ` +
    `(${f.achievedPerSecondTotal} events/s achieved in total); latency p50 ${f.latencyP50Ms} ms, ` +
    `p99 ${f.latencyP99Ms} ms, max ${f.latencyMaxMs} ms; gateway CPU ${f.gatewayCpuPercent} % of a core, ` +
    `peak RSS ${f.gatewayPeakRssMb} MB (agent ${f.agentCpuPercent} %, clients ${f.clientsCpuPercent} %)`,
  "slow-client": (f) =>
    `${f.perSecond}/s for ${f.seconds} s to a stalled reader: sent ${f.sent}, received ${f.received}, ` +
    `dropped+reported ${f.dropped}; queue max ${f.maxQueued}; heap ${f.heapBeforeMb} → ${f.heapStalledMb} MB, ` +
    `spread while stalled ${f.heapSpreadWhileStalledMb} MB`,
  "frozen-agent": (f) =>
    `frozen mid-stream, health interval ${f.healthIntervalMs} ms: detected after ${f.detectedMs} ms`,
};
const churn = (f) =>
  `${f.streams} streams opened/aborted in ${f.elapsedS} s; back to baseline ${f.settledMs} ms after the last abort`;
const blackHole = (f) => `detected after ${f.detectedMs} ms (default settings)`;
const malformed = (f) => `re-dials ${f.redialGapsMs} ms apart (never a hot loop)`;

console.log(`\nSoak summary (${minutes} min)`);
for (const f of rows) {
  const text =
    describe[f.test]?.(f) ??
    (f.test.startsWith("stream-churn")
      ? churn(f)
      : f.test.startsWith("black-hole")
        ? blackHole(f)
        : f.test.startsWith("malformed-")
          ? malformed(f)
          : JSON.stringify(f));
  console.log(`  ${f.test.padEnd(22)} ${text}`);
}
console.log(`raw figures: ${figuresFile}`);
console.log(`vitest exit code: ${run.status ?? run.signal}`);
process.exit(run.status ?? 1);
