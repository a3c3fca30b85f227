/**
 * `npm run bench:filter [-- <events> [rounds] [--profile]]`: the filter figures alone, in
 * about a minute instead of the quick bench's six: one tab (counts strip shown, the app's
 * default, as in the full run) filled to `events` (500,000) from the synthetic agent, then
 * the bench's own filter changes and typing (filter-timing.ts, modes.ts) `rounds` times.
 * Prints each round's lags and percentiles with the machine load; writes no results file.
 * `--profile`: samples the ingest worker and the page's main thread (V8's profiler over
 * CDP) during each round and prints their busiest functions.
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import type { CDPSession } from "playwright-core";
import { attachToSharedWorker } from "../e2e/cdp-targets.js";
import { timeFilterChanges, timeTyping } from "./filter-timing.js";
import { modeSettings } from "./modes.js";
import { installProbe, readPage } from "./page-probe.js";
import { fillTabs } from "./retained.js";
import { startBrowserStack } from "./stack.js";
import { percentile } from "./stats.js";
import { busyMs, topFunctions } from "./strip-compare.js";

const args = process.argv.slice(2);
const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
const events = numbers[0] ?? 500_000;
const rounds = numbers[1] ?? 1;
const profile = args.includes("--profile");
/** `--trace`: a Chromium trace of the first round (all threads) to /tmp/filter-trace.json. */
const trace = args.includes("--trace");
const cfg = modeSettings("full");
const startedAt = Date.now();
const log = (s: string): void => {
  process.stderr.write(`[filter +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${s}\n`);
};
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
const summary = (xs: number[]) =>
  `p50 ${percentile(xs, 0.5).toFixed(0)} p95 ${percentile(xs, 0.95).toFixed(0)} max ${Math.max(...xs).toFixed(0)} ms (n ${String(xs.length)})`;

interface Profiled {
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
}
type CpuProfile = Parameters<typeof busyMs>[0];

const { agent, gateway, browser } = await startBrowserStack(log);
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(installProbe, events);
  const page = await context.newPage();
  await agent.setRate(1000);
  await page.goto(`${gateway.url}?bench=1`);
  await page.waitForSelector('[role="row"][data-seq]', { timeout: 15_000 });
  const fillEnd = await fillTabs([page], {
    browser,
    agent,
    rate: 30_000,
    target: events,
    budgetBytes: cfg.memoryBudgetBytes,
    timeoutMs: 180_000,
  });
  log(`filled: ${String((await readPage(page)).size)} held (${fillEnd}); load ${load()}`);
  // Let the fill's work drain (the worker's and the page's) before timing anything.
  await new Promise((r) => setTimeout(r, 10_000));

  const targets: Profiled[] = [];
  if (profile) {
    targets.push(await attachToSharedWorker(browser, new URL(gateway.url).origin));
    const pageCdp: CDPSession = await context.newCDPSession(page);
    // CDPSession.send is typed per method; the profiler calls here take plain params.
    const send = pageCdp.send.bind(pageCdp) as (
      method: string,
      params?: Record<string, unknown>,
    ) => Promise<Record<string, unknown>>;
    targets.push({ send });
  }
  for (let r = 0; r < rounds; r++) {
    for (const t of targets) {
      await t.send("Profiler.enable");
      await t.send("Profiler.setSamplingInterval", { interval: 200 });
      await t.send("Profiler.start");
    }
    if (trace && r === 0)
      await browser.startTracing(page, {
        path: "/tmp/filter-trace.json",
        categories: [
          "devtools.timeline",
          "disabled-by-default-devtools.timeline",
          "disabled-by-default-devtools.timeline.frame",
          "toplevel",
          "blink.user_timing",
        ],
      });
    const changes = await timeFilterChanges(page, cfg.filterChanges, cfg.filterTimeoutMs);
    const typing = await timeTyping(page, cfg.typing, cfg.keyIntervalMs, cfg.filterTimeoutMs);
    if (trace && r === 0) await browser.stopTracing();
    log(`round ${String(r + 1)}, load ${load()}`);
    log(`  changes ${JSON.stringify(changes.lags.map(Math.round))}`);
    log(`  changes ${summary(changes.lags)}, unresolved ${String(changes.unresolved)}`);
    log(`  keys ${JSON.stringify(typing.lags.map(Math.round))}`);
    log(`  keys ${summary(typing.lags)}, unresolved ${String(typing.unresolved)}`);
    for (const [i, t] of targets.entries()) {
      const { profile: p } = (await t.send("Profiler.stop")) as unknown as { profile: CpuProfile };
      const name = i === 0 ? "worker" : "page";
      writeFileSync(`/tmp/filter-${name}-${String(r + 1)}.cpuprofile`, JSON.stringify(p));
      log(`  ${name} busy ${busyMs(p).toFixed(0)} ms`);
      for (const line of topFunctions(p, 12)) log(`    ${line}`);
    }
  }
  await context.close();
} finally {
  await browser.close();
  await gateway.close();
  await agent.close();
}
