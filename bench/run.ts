/**
 * `npm run bench [-- --quick | --smoke] [--gateway-prof | --kube-only | --agent-filter-only |
 * --proxy-only | --strip-only]` (--kube-only, --agent-filter-only, --proxy-only: that part
 * alone, into latest.json beside the rest; --strip-only: ingest.strip.cpu alone, into
 * strip.json): drives headless Chromium
 * through the real gateway (its own process, serving dist/) against the synthetic agent (its
 * own process), and writes the measured figures to bench/results/latest.json (--smoke:
 * bench/results/smoke.json) plus a table on stdout. Every number is measured in this run;
 * method and limits are in docs/PERFORMANCE.md.
 *
 * Order: decode ceiling (blank page) -> sustained ingest ladder with the counts strip hidden
 * (its own browser context, closed after) -> the strip's CPU cost (its own context, buffer
 * filled first, closed after) -> startup (first row) -> memory baseline -> sustained ingest
 * ladder (strip shown, the app's default) -> seven tabs filled together, memory with 7 tabs
 * then with 1 -> first tab filled to the retained count, memory -> filter changes and typing
 * -> tabs closed -> proxy (direct vs through the gateway at a paced rate) -> cluster mode
 * against the fake Kubernetes API server (kube-bench.ts) -> agent filter bytes ratio
 * (agent-filter.ts).
 */
import { cpus, loadavg } from "node:os";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Browser } from "playwright-core";
import { timeFilterChanges, timeTyping } from "./filter-timing.js";
import { runLadder } from "./ingest.js";
import { measureMemory, type MemoryReading } from "./memory.js";
import { checkContract, installProbe, readPage, takeSamples } from "./page-probe.js";
import { percentile } from "./stats.js";
import { measureProxy, type ProxyFigures } from "./proxy.js";
import { measureKube } from "./kube-bench.js";
import { measureAgentFilter, type AgentFilterFigures } from "./agent-filter.js";
import { modeSettings, type Mode } from "./modes.js";
import { printTable, targetsMet } from "./report.js";
import { fillTabs, sevenTabs, type FillEnd } from "./retained.js";
import {
  buildDecodeBundle,
  initialJsGzipBytes,
  repoRoot,
  startAgentProcess,
  startBrowserStack,
  startGatewayProcess,
} from "./stack.js";
import { samplePayloads, buildTemplates } from "./synthetic-agent.js";
import {
  expectStrip,
  ladderWithStripHidden,
  stripCpuAtSteadySize,
  stripFigures,
} from "./strip-compare.js";

const FLAGS = [
  "--smoke",
  "--quick",
  "--gateway-prof",
  "--kube-only",
  "--agent-filter-only",
  "--proxy-only",
  "--strip-only",
];
const argv = process.argv.slice(2);
const unknown = argv.find((a) => !FLAGS.includes(a));
if (unknown !== undefined) {
  process.stderr.write(`bench: unknown flag ${unknown} (expected ${FLAGS.join(", ")})\n`);
  process.exit(2);
}
const mode: Mode = argv.includes("--smoke") ? "smoke" : argv.includes("--quick") ? "quick" : "full";
const cfg = modeSettings(mode);
const startedAt = Date.now();
const resultsDir = join(repoRoot, "bench", "results");
/** Written next to the JSON and replaced by the next profiled run of the same mode. */
const profilePath = argv.includes("--gateway-prof")
  ? join(resultsDir, `gateway-${mode}.cpuprofile`)
  : undefined;
const log = (s: string): void => {
  process.stderr.write(`[bench +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${s}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number, digits = 0): number => Math.round(x * 10 ** digits) / 10 ** digits;
const loadStart = loadavg();

mkdirSync(resultsDir, { recursive: true });

// `--kube-only`: just the cluster-mode figures (seconds; written to bench/results/kube.json,
// and into latest.json's `kube`, which then says when and at what load they were taken).
if (argv.includes("--kube-only")) {
  const kube = await measureKube(mode, log);
  const out = join(resultsDir, "kube.json");
  const machine = { cpus: cpus().length, loadAvgStart: loadStart, loadAvgEnd: loadavg() };
  const generatedAt = new Date().toISOString();
  writeFileSync(out, `${JSON.stringify({ generatedAt, mode, machine, kube }, null, 2)}\n`);
  log(`wrote ${out}: ${JSON.stringify(kube)}`);
  const latest = join(resultsDir, "latest.json");
  if (mode !== "smoke" && existsSync(latest)) {
    const full = JSON.parse(readFileSync(latest, "utf8")) as Parameters<typeof targetsMet>[0];
    const measuredSeparately = { generatedAt, mode, flag: "--kube-only", machine };
    const merged = { ...full, kube: { ...kube, measuredSeparately } };
    writeFileSync(
      latest,
      `${JSON.stringify({ ...merged, targetsMet: targetsMet(merged) }, null, 2)}\n`,
    );
    log(`updated the kube figures in ${latest}`);
  }
  process.exit(0);
}

/** The proxy figures as the results file holds them (rounded; profile path repo-relative). */
const proxyResults = (proxy: ProxyFigures) => ({
  ...proxy,
  ...(proxy.profile === undefined
    ? {}
    : { profile: { ...proxy.profile, file: relative(repoRoot, proxy.profile.file) } }),
  throughputRatio: round(proxy.throughputRatio, 3),
  addedLatencyP99Ms: round(proxy.addedLatencyP99Ms, 1),
  addedLatencyP50Ms: round(proxy.addedLatencyP50Ms, 1),
});

// `--proxy-only`: just the proxy figures (the agent and gateway processes, no browser;
// written to bench/results/proxy.json, and into latest.json's `proxy`, which then says when
// and at what load they were taken). With --gateway-prof, the gateway's profile too.
// In the full run the gateway has relayed the ingest ladder before the proxy part; a fresh
// one would spend its first ~0.1-0.2 s compiling the relay path (JIT), and that, not the
// relay, would be the p99 of a 4 s run. So one unmeasured second at the same rate first.
if (argv.includes("--proxy-only")) {
  const agent = await startAgentProcess();
  const gateway = await startGatewayProcess(agent.address);
  let proxy: ReturnType<typeof proxyResults>;
  try {
    log(`mode ${mode}; gateway ${gateway.url}; agent ${agent.address}`);
    const warmUp = await measureProxy(agent, gateway, cfg.proxyRate, 1, undefined);
    log(`warm-up (not kept): ${JSON.stringify(proxyResults(warmUp))}`);
    proxy = proxyResults(
      await measureProxy(agent, gateway, cfg.proxyRate, cfg.proxySeconds, profilePath),
    );
  } finally {
    await gateway.close();
    await agent.close();
  }
  const out = join(resultsDir, "proxy.json");
  const machine = { cpus: cpus().length, loadAvgStart: loadStart, loadAvgEnd: loadavg() };
  const generatedAt = new Date().toISOString();
  writeFileSync(out, `${JSON.stringify({ generatedAt, mode, machine, proxy }, null, 2)}\n`);
  log(`wrote ${out}: ${JSON.stringify({ ...proxy, profile: undefined })}`);
  if (proxy.profile !== undefined) {
    log(`gateway profile: ${JSON.stringify(proxy.profile, null, 1)}`);
  }
  const latest = join(resultsDir, "latest.json");
  if (mode !== "smoke" && existsSync(latest)) {
    const full = JSON.parse(readFileSync(latest, "utf8")) as Parameters<typeof targetsMet>[0];
    const measuredSeparately = { generatedAt, mode, flag: "--proxy-only", machine };
    const merged = { ...full, proxy: { ...proxy, measuredSeparately } };
    writeFileSync(
      latest,
      `${JSON.stringify({ ...merged, targetsMet: targetsMet(merged) }, null, 2)}\n`,
    );
    log(`updated the proxy figures in ${latest}`);
  }
  process.exit(0);
}

const agentFilterFigures = async (): Promise<AgentFilterFigures> => {
  const figures = await measureAgentFilter(cfg.agentFilterEvents, cfg.agentFilterRate);
  return {
    ...figures,
    bytesRatio: round(figures.bytesRatio, 4),
    matchShare: round(figures.matchShare, 4),
  };
};

// `--agent-filter-only`: just agentFilter.bytesRatio, written into the mode's results file
// beside the figures already there (marked with its own time and machine load).
if (argv.includes("--agent-filter-only")) {
  const agentFilter = {
    ...(await agentFilterFigures()),
    measuredAt: new Date().toISOString(),
    loadAvg: loadavg(),
  };
  const out = join(resultsDir, mode === "smoke" ? "smoke.json" : "latest.json");
  const previous = JSON.parse(readFileSync(out, "utf8")) as {
    targetsMet?: Record<string, boolean>;
  };
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        ...previous,
        agentFilter,
        targetsMet: {
          ...previous.targetsMet,
          "agentFilter.bytesRatio": agentFilter.bytesRatio <= 0.1,
        },
      },
      null,
      2,
    )}\n`,
  );
  log(`wrote ${out}: ${JSON.stringify(agentFilter)}`);
  process.exit(0);
}

const { agent, gateway, browser } = await startBrowserStack(log);

/** ingest.strip.cpu on a tab of its own, buffer full (strip-compare.ts). */
const measureStripCpu = () =>
  stripCpuAtSteadySize({
    browser,
    appUrl: `${gateway.url}?bench=1`,
    agent,
    capacity: cfg.strip.capacity,
    fillRate: 2 * (cfg.rates[0] ?? 1000),
    fillTimeoutMs: cfg.fillTimeoutMs,
    warmUpMs: cfg.strip.windowMs,
    rate: cfg.rates[0] ?? 1000,
    windowMs: cfg.strip.windowMs,
    pairs: cfg.strip.pairs,
    log,
  });

// `--strip-only`: just ingest.strip.cpu, written to bench/results/strip.json (latest.json is
// left alone).
if (argv.includes("--strip-only")) {
  try {
    const cpu = await measureStripCpu();
    const out = join(resultsDir, mode === "smoke" ? "strip-smoke.json" : "strip.json");
    const machine = { cpus: cpus().length, loadAvgStart: loadStart, loadAvgEnd: loadavg() };
    const record = { generatedAt: new Date().toISOString(), mode, machine, cpu };
    writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
    log(`wrote ${out}: ${JSON.stringify({ ...cpu, windows: undefined })}`);
  } finally {
    await browser.close();
    await gateway.close();
    await agent.close();
  }
  process.exit(0);
}

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

/** Per target: type, URL, isolate, used and backing-store bytes. */
const targetsOf = (m: MemoryReading) =>
  m.targets.map((t) => ({
    type: t.type,
    url: t.url,
    isolateId: t.isolateId,
    usedBytes: t.usedBytes,
    backingStoreBytes: t.backingStoreBytes,
    embedderBytes: t.embedderBytes,
  }));
const totalsOf = (m: MemoryReading) => ({
  totalBytes: m.totalBytes,
  usedBytes: m.usedBytes,
  backingStoreBytes: m.backingStoreBytes,
  isolates: m.isolates,
});

try {
  log(`mode ${mode}; gateway ${gateway.url}; agent ${agent.address}`);
  const decode = await decodeLimit(browser);
  log(`decode limit ${decode.toFixed(0)} events/s`);

  const appUrl = `${gateway.url}?bench=1`;
  log("ingest ladder with the counts strip hidden");
  const stripHidden = await ladderWithStripHidden(
    browser,
    appUrl,
    cfg.retained,
    { agent, gateway, windowMs: cfg.windowMs, log },
    cfg.rates,
  );
  log(`strip hidden: sustained ${String(stripHidden.ladder.sustained)} events/s`);
  // Before the main tab exists: its worker would ingest the same stream beside this one.
  const stripCpu = await measureStripCpu();
  log(`strip CPU: ${JSON.stringify({ ...stripCpu, windows: undefined })}`);

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(installProbe, cfg.retained);
  const page = await context.newPage();
  await agent.setRate(cfg.startupRate);
  await page.goto(appUrl);
  await page.waitForSelector('[role="row"][data-seq]', { timeout: 15_000 });
  const firstEventMs = (await takeSamples(page)).firstRowMs;
  await checkContract(page);
  await agent.setRate(0);
  await sleep(500);
  const memory0 = await measureMemory(browser);
  const size0 = (await readPage(page)).size;

  await expectStrip(page, true);
  const shownLoadStart = loadavg();
  const ladder = await runLadder({ page, agent, gateway, windowMs: cfg.windowMs, log }, cfg.rates);
  const strip = stripFigures(stripHidden, {
    ladder,
    loadAvgStart: shownLoadStart,
    loadAvgEnd: loadavg(),
  });
  log(`strip shown: sustained ${String(ladder.sustained)} events/s`);
  const frameStep = ladder.steps.find((s) => s.rate === ladder.sustained) ?? ladder.steps[0];

  // Fill at a rate the page keeps up with (or the lowest rung): events lost while filling
  // do not matter, the held count is measured.
  const fill = {
    browser,
    agent,
    rate: Math.max(cfg.rates[0] ?? 1000, ladder.sustained),
    target: cfg.retained,
    budgetBytes: cfg.memoryBudgetBytes,
  };
  const tabs = await sevenTabs(context, page, appUrl, cfg.tabs, {
    ...fill,
    timeoutMs: cfg.tabsFillTimeoutMs,
  });
  log(
    `${String(cfg.tabs)} tabs: ratio ${tabs.ratio.toFixed(3)}, held ${tabs.heldPerTab.join(" ")}`,
  );
  let memoryFull = tabs.oneTab;
  let fillEnd: FillEnd = "filled";
  if ((await readPage(page)).size < cfg.retained) {
    fillEnd = await fillTabs([page], { ...fill, timeoutMs: cfg.fillTimeoutMs });
    await sleep(300);
    memoryFull = await measureMemory(browser);
  }
  const sizeFull = (await readPage(page)).size;
  const bytesPerEvent =
    (memoryFull.totalBytes - memory0.totalBytes) / Math.max(1, sizeFull - size0);
  log(`memory: ${bytesPerEvent.toFixed(0)} B/event at ${String(sizeFull)} held (${fillEnd})`);

  const changes = await timeFilterChanges(page, cfg.filterChanges, cfg.filterTimeoutMs);
  const typing = await timeTyping(page, cfg.typing, cfg.keyIntervalMs, cfg.filterTimeoutMs);
  log(`filter: changes ${JSON.stringify(changes.lags.map((x) => round(x)))}`);
  log(`filter: keystrokes ${JSON.stringify(typing.lags.map((x) => round(x)))}`);
  await context.close();

  const proxy = await measureProxy(agent, gateway, cfg.proxyRate, cfg.proxySeconds, profilePath);
  log(`proxy: ${JSON.stringify({ ...proxy, profile: undefined })}`);

  const kube = await measureKube(mode, log);
  const agentFilter = await agentFilterFigures();
  log(`agentFilter: ${JSON.stringify(agentFilter)}`);

  const bundle = initialJsGzipBytes();
  const results = {
    generatedAt: new Date().toISOString(),
    mode,
    durationSec: round((Date.now() - startedAt) / 1000, 1),
    machine: { cpus: cpus().length, loadAvgStart: loadStart, loadAvgEnd: loadavg() },
    ingest: {
      sustainedEventsPerSec: ladder.sustained,
      decodeLimitEventsPerSec: round(decode),
      ratio: round(ladder.sustained / decode, 3),
      frameP95Ms: frameStep?.frameP95Ms ?? Number.NaN,
      frameP95AtEventsPerSec: frameStep?.rate ?? Number.NaN,
      windowSec: cfg.windowMs / 1000,
      criterion:
        "0 lost (received == sent within 2 s grace, no pid gap, no gateway drop, nothing held back from the tab), table updated, main-thread lag p95 < 50 ms",
      firstFailure: ladder.firstFailure ?? null,
      steps: ladder.steps,
      /** The same ladder with the counts strip hidden, run first (strip-compare.ts). */
      strip: { ...strip, cpu: stripCpu },
    },
    memory: {
      bytesPerEvent: round(bytesPerEvent),
      /** The whole reading ÷ events held, app code and all (bytesPerEvent is the increase). */
      totalBytesPerHeldEvent: round(memoryFull.totalBytes / Math.max(1, sizeFull)),
      meanEventBytes: round(agent.meanEventBytes),
      retainedEvents: sizeFull,
      fillEnd,
      before: { heldEvents: size0, ...totalsOf(memory0) },
      after: { heldEvents: sizeFull, ...totalsOf(memoryFull) },
      targets: targetsOf(memoryFull),
      sevenTabsRatio: round(tabs.ratio, 3),
      sevenTabs: {
        tabs: tabs.tabs,
        heldPerTab: tabs.heldPerTab,
        fillEnd: tabs.fillEnd,
        allTabs: { ...totalsOf(tabs.allTabs), targets: targetsOf(tabs.allTabs) },
        oneTab: { ...totalsOf(tabs.oneTab), targets: targetsOf(tabs.oneTab) },
      },
    },
    filter: {
      p95Ms: round(percentile(changes.lags, 0.95), 1),
      p50Ms: round(percentile(changes.lags, 0.5), 1),
      changes: changes.lags.length,
      inputLagP95Ms: round(percentile(typing.lags, 0.95), 1),
      inputLagP50Ms: round(percentile(typing.lags, 0.5), 1),
      keystrokes: typing.lags.length,
      unresolved: changes.unresolved + typing.unresolved,
      keyIntervalMs: cfg.keyIntervalMs,
      bufferedEvents: sizeFull,
    },
    proxy: proxyResults(proxy),
    startup: { firstEventMs: round(firstEventMs) },
    bundle: { initialJsGzipBytes: bundle.bytes, files: bundle.files },
    kube,
    agentFilter,
  };
  const withTargets = { ...results, targetsMet: targetsMet(results) };
  const required = {
    "ingest.sustainedEventsPerSec": results.ingest.sustainedEventsPerSec,
    "ingest.decodeLimitEventsPerSec": results.ingest.decodeLimitEventsPerSec,
    "ingest.ratio": results.ingest.ratio,
    "ingest.frameP95Ms": results.ingest.frameP95Ms,
    "ingest.strip.hiddenSustainedEventsPerSec": results.ingest.strip.hiddenSustainedEventsPerSec,
    "ingest.strip.cpu.workerShownOverHidden": results.ingest.strip.cpu.workerShownOverHidden,
    "memory.bytesPerEvent": results.memory.bytesPerEvent,
    "memory.meanEventBytes": results.memory.meanEventBytes,
    "memory.sevenTabsRatio": results.memory.sevenTabsRatio,
    "filter.p95Ms": results.filter.p95Ms,
    "filter.inputLagP95Ms": results.filter.inputLagP95Ms,
    "proxy.throughputRatio": results.proxy.throughputRatio,
    "proxy.addedLatencyP99Ms": results.proxy.addedLatencyP99Ms,
    "startup.firstEventMs": results.startup.firstEventMs,
    "bundle.initialJsGzipBytes": results.bundle.initialJsGzipBytes,
    "kube.timeToAllLiveMs": results.kube.timeToAllLiveMs,
    "kube.execIngestEventsPerSec": results.kube.execIngestEventsPerSec,
    "agentFilter.bytesRatio": results.agentFilter.bytesRatio,
  };
  const missing = Object.entries(required).filter(([, v]) => !Number.isFinite(v));
  if (missing.length > 0) {
    process.exitCode = 1;
    log(`not a finite number: ${missing.map(([k, v]) => `${k}=${String(v)}`).join(", ")}`);
  }
  const out = join(resultsDir, mode === "smoke" ? "smoke.json" : "latest.json");
  writeFileSync(out, `${JSON.stringify(withTargets, null, 2)}\n`);
  printTable(withTargets);
  log(`wrote ${out}`);
} finally {
  await browser.close();
  await gateway.close();
  await agent.close();
}
process.exit(process.exitCode ?? 0);
