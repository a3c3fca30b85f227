/**
 * `npm run bench [-- --quick | --smoke]`: drives headless Chromium through the real gateway
 * (startGateway serving dist/) against the synthetic agent, and writes the measured figures
 * to bench/results/latest.json (--smoke: bench/results/smoke.json) plus a table on stdout.
 * Every number is measured in this run; method and limits are in docs/PERFORMANCE.md.
 *
 * Order: decode ceiling (blank page) -> startup (first row) -> heap baseline -> sustained
 * ingest ladder -> fill to the retained count -> heap -> filter changes -> pages closed ->
 * proxy throughput (unthrottled) and added latency (gateway vs direct node client) ->
 * cluster mode against the fake Kubernetes API server (kube-bench.ts).
 */
import { cpus, loadavg } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { chromiumArgs, chromiumExecutablePath } from "../e2e/chromium.js";
import { startGateway } from "../server/gateway.js";
import { measureHeaps } from "./heap.js";
import { installProbe, percentile, readPage, takeSamples, timeFilterChange } from "./page-probe.js";
import { modeSettings, type Mode } from "./modes.js";
import { measureKube } from "./kube-bench.js";
import { printTable, targetsMet } from "./report.js";
import {
  buildDecodeBundle,
  ensureAppBuild,
  initialJsGzipBytes,
  repoRoot,
  runClient,
  startAgentProcess,
  type AgentProcess,
} from "./stack.js";
import { samplePayloads, buildTemplates } from "./synthetic-agent.js";

const argv = process.argv.slice(2);
const mode: Mode = argv.includes("--smoke") ? "smoke" : argv.includes("--quick") ? "quick" : "full";
const cfg = modeSettings(mode);
const log = (s: string): void => {
  process.stderr.write(`[bench] ${s}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const startedAt = Date.now();
const loadStart = loadavg();

// `--kube-only`: just the cluster-mode figures (seconds; written to bench/results/kube.json).
if (argv.includes("--kube-only")) {
  const kube = await measureKube(mode, log);
  mkdirSync(join(repoRoot, "bench", "results"), { recursive: true });
  const out = join(repoRoot, "bench", "results", "kube.json");
  const machine = { cpus: cpus().length, loadAvgStart: loadStart, loadAvgEnd: loadavg() };
  writeFileSync(
    out,
    `${JSON.stringify({ generatedAt: new Date().toISOString(), mode, machine, kube }, null, 2)}\n`,
  );
  log(`wrote ${out}: ${JSON.stringify(kube)}`);
  process.exit(0);
}

ensureAppBuild(log);
const agent = await startAgentProcess();
const gateway = await startGateway({
  agents: [agent.address],
  port: 0,
  staticDir: join(repoRoot, "dist"),
  log: () => undefined,
});
const origin = new URL(gateway.url).host;
const browser = await chromium.launch({
  executablePath: chromiumExecutablePath,
  args: [...chromiumArgs],
});

async function decodeLimit(b: Browser): Promise<number> {
  const code = await buildDecodeBundle();
  const payloads = samplePayloads(buildTemplates(), 512);
  const b64 = Buffer.concat(payloads.map((p) => Buffer.from(p))).toString("base64");
  const lengths = payloads.map((p) => p.length);
  const page = await b.newPage();
  await page.addScriptTag({ content: code });
  let best = 0;
  for (let i = 0; i < cfg.decodeRuns; i++) {
    const rate = await page.evaluate(
      ([s, l, ms]) =>
        (
          globalThis as unknown as { benchDecode: (a: string, b: number[], c: number) => number }
        ).benchDecode(s, l, ms),
      [b64, lengths, cfg.decodeMs] as const,
    );
    best = Math.max(best, rate);
  }
  await page.close();
  return best;
}

/** Waits until the page has received what the agent sent (or `graceMs` passes). */
async function catchUp(
  page: Page,
  a: AgentProcess,
  base: number,
  sentBase: number,
  graceMs: number,
): Promise<void> {
  const until = Date.now() + graceMs;
  const sent = await a.sent();
  while (Date.now() < until) {
    const r = await readPage(page);
    if (r.received - base >= sent - sentBase) return;
    await sleep(100);
  }
}

interface Step {
  rate: number;
  sent: number;
  received: number;
  missing: number;
  dropped: number;
  lagP95Ms: number;
  longTasks: number;
  maxLongTaskMs: number;
  tableUpdated: boolean;
  pass: boolean;
}

async function sustainStep(page: Page, rate: number): Promise<Step> {
  await agent.setRate(0);
  await catchUp(page, agent, 0, 0, 3000);
  const base = await readPage(page);
  const sentBase = await agent.sent();
  const droppedBase = gateway.droppedEvents();
  await takeSamples(page);
  await agent.setRate(rate);
  await sleep(Math.min(1000, cfg.windowMs / 4));
  const early = await readPage(page);
  await sleep(cfg.windowMs - Math.min(1000, cfg.windowMs / 4));
  const late = await readPage(page);
  const samples = await takeSamples(page);
  const sentEnd = await agent.setRate(0);
  await catchUp(page, agent, base.received, sentBase, 2000);
  const end = await readPage(page);
  const sent = sentEnd - sentBase;
  const received = end.received - base.received;
  const missing = end.missing - base.missing + (end.resets - base.resets);
  const dropped = gateway.droppedEvents() - droppedBase;
  const lagP95Ms = percentile(samples.lags, 0.95);
  const tableUpdated =
    late.lastRowSeq !== early.lastRowSeq && late.receivedText !== early.receivedText;
  const step: Step = {
    rate,
    sent,
    received,
    missing,
    dropped,
    lagP95Ms: round(lagP95Ms, 1),
    longTasks: samples.longTasks.length,
    maxLongTaskMs: round(Math.max(0, ...samples.longTasks), 1),
    tableUpdated,
    pass:
      sent > 0 &&
      received === sent &&
      missing === 0 &&
      dropped === 0 &&
      lagP95Ms < 50 &&
      tableUpdated,
  };
  log(`rate ${String(rate)}: ${JSON.stringify(step)}`);
  return step;
}

function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

try {
  log(`mode ${mode}; gateway ${gateway.url}; agent ${agent.address}`);
  const decode = await decodeLimit(browser);
  log(`decode limit ${decode.toFixed(0)} events/s`);

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(installProbe, cfg.retained);
  const page = await context.newPage();
  await agent.setRate(cfg.startupRate);
  await page.goto(`${gateway.url}?bench=1`);
  await page.waitForSelector('[role="row"][data-seq]', { timeout: 15_000 });
  const firstEventMs = (await takeSamples(page)).firstRowMs;
  await agent.setRate(0);
  await sleep(500);
  const heap0 = await measureHeaps(browser, origin);
  const size0 = (await readPage(page)).size;

  const steps: Step[] = [];
  let sustained = 0;
  for (const rate of cfg.rates) {
    const step = await sustainStep(page, rate);
    steps.push(step);
    if (!step.pass) break;
    sustained = rate;
  }

  // Fill the buffer to the retained count at a rate the page keeps up with.
  const fillRate = Math.max(cfg.rates[0] ?? 1000, sustained);
  await agent.setRate(fillRate);
  const fillUntil = Date.now() + cfg.fillTimeoutMs;
  while ((await readPage(page)).size < cfg.retained && Date.now() < fillUntil) await sleep(200);
  await agent.setRate(0);
  await catchUp(page, agent, 0, 0, 3000);
  await sleep(300);
  const heap1 = await measureHeaps(browser, origin);
  const size1 = (await readPage(page)).size;
  const bytesPerEvent = (heap1.totalBytes - heap0.totalBytes) / Math.max(1, size1 - size0);

  const filterTimes: number[] = [];
  for (let i = 0; i < cfg.filterChanges; i++) {
    const [label, value] = cfg.filterValues[i % cfg.filterValues.length] ?? ["Binary", ""];
    filterTimes.push(await timeFilterChange(page, label, value));
  }
  await context.close();

  // Proxy: unthrottled throughput, then latency at a fixed rate, direct vs through the gateway.
  const agentUrl = `http://${agent.address}`;
  const gwUrl = gateway.url.replace(/\/$/, "");
  await agent.setRate("max");
  const direct = await runClient(agentUrl, 0.5, cfg.proxySeconds);
  const viaGw = await runClient(gwUrl, 0.5, cfg.proxySeconds, "grpc-web");
  await agent.setRate(cfg.latencyRate);
  const directLat = await runClient(agentUrl, 0.5, cfg.proxySeconds);
  const gwLat = await runClient(gwUrl, 0.5, cfg.proxySeconds, "grpc-web");
  await agent.setRate(0);

  const kube = await measureKube(mode, log);

  const bundle = initialJsGzipBytes();
  const results = {
    generatedAt: new Date().toISOString(),
    mode,
    durationSec: round((Date.now() - startedAt) / 1000, 1),
    machine: { cpus: cpus().length, loadAvgStart: loadStart, loadAvgEnd: loadavg() },
    ingest: {
      sustainedEventsPerSec: sustained,
      decodeLimitEventsPerSec: round(decode),
      ratio: round(sustained / decode, 3),
      windowSec: cfg.windowMs / 1000,
      meanEventBytes: round(agent.meanEventBytes),
      criterion:
        "0 lost (pid sequence), received == sent within 2 s grace, table updated, main-thread lag p95 < 50 ms",
      steps,
    },
    memory: {
      bytesPerEvent: round(bytesPerEvent),
      retainedEvents: size1,
      heapBeforeBytes: heap0.totalBytes,
      heapAfterBytes: heap1.totalBytes,
      heaps: heap1.byTarget.map((t) => ({ type: t.type, usedBytes: t.usedBytes })),
    },
    filter: {
      p95Ms: round(percentile(filterTimes, 0.95), 1),
      p50Ms: round(percentile(filterTimes, 0.5), 1),
      changes: filterTimes.length,
      bufferedEvents: size1,
    },
    proxy: {
      throughputRatio: round(viaGw.perSec / direct.perSec, 3),
      directEventsPerSec: round(direct.perSec),
      gatewayEventsPerSec: round(viaGw.perSec),
      addedLatencyP99Ms: round(gwLat.p99 - directLat.p99, 1),
      latencyRateEventsPerSec: cfg.latencyRate,
      directP99Ms: directLat.p99,
      gatewayP99Ms: gwLat.p99,
      gatewayLatencyEvents: gwLat.events,
    },
    startup: { firstEventMs: round(firstEventMs) },
    bundle: { initialJsGzipBytes: bundle.bytes, files: bundle.files },
    kube,
  };
  const withTargets = { ...results, targetsMet: targetsMet(results) };
  const required = [
    results.ingest.sustainedEventsPerSec,
    results.ingest.decodeLimitEventsPerSec,
    results.ingest.ratio,
    results.memory.bytesPerEvent,
    results.filter.p95Ms,
    results.proxy.throughputRatio,
    results.proxy.addedLatencyP99Ms,
    results.startup.firstEventMs,
    results.bundle.initialJsGzipBytes,
    results.kube.timeToAllLiveMs,
    results.kube.execIngestEventsPerSec,
  ];
  if (!required.every((n) => Number.isFinite(n))) {
    process.exitCode = 1;
    log(`a figure is not a finite number: ${JSON.stringify(required)}`);
  }
  mkdirSync(join(repoRoot, "bench", "results"), { recursive: true });
  const out = join(repoRoot, "bench", "results", mode === "smoke" ? "smoke.json" : "latest.json");
  writeFileSync(out, `${JSON.stringify(withTargets, null, 2)}\n`);
  printTable(withTargets);
  log(`wrote ${out}`);
} finally {
  await browser.close();
  await gateway.close();
  await agent.close();
}
process.exit(process.exitCode ?? 0);
