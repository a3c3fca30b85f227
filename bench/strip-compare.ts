/**
 * The counts strip's cost on ingest (issue 15: "no effect on the ingest benchmark beyond 5 %").
 * The ladder runs twice, in two browser contexts one after the other (never together: each
 * context has its own ingest worker and stream): once with the strip hidden (the app's
 * localStorage key says closed, so the worker counts nothing for the tab and the page draws no
 * chart), then the main run with the strip shown (the app's default). Each run checks the
 * strip's state on the page before it starts, so the two figures are what they claim to be.
 */
import type { Browser, Page } from "playwright-core";
import { loadavg } from "node:os";
import { runLadder, type LadderContext, type LadderResult } from "./ingest.js";
import { installProbe } from "./page-probe.js";
import { attachToSharedWorker } from "../e2e/cdp-targets.js";

/** The app's key (src/app/CountsStrip.tsx): "0" = the strip is closed. */
export const COUNTS_OPEN_KEY = "tetragon-dashboard.counts-open";

function setCountsOpen(open: boolean): void {
  localStorage.setItem("tetragon-dashboard.counts-open", open ? "1" : "0");
}

/** Waits until the page shows the strip open (its Top region) or closed (none). */
export async function expectStrip(page: Page, shown: boolean): Promise<void> {
  const toggle = page.getByRole("button", { name: "Counts", exact: true });
  await toggle.waitFor({ timeout: 15_000 });
  const expanded = await toggle.getAttribute("aria-expanded");
  if (expanded !== String(shown)) {
    throw new Error(`bench: the counts strip is ${expanded === "true" ? "open" : "closed"}`);
  }
  if (shown) await page.getByRole("region", { name: "Top" }).waitFor({ timeout: 15_000 });
}

export interface StripRun {
  readonly ladder: LadderResult;
  readonly loadAvgStart: number[];
  readonly loadAvgEnd: number[];
}

/** The ladder on a fresh tab whose strip is hidden; the context is closed afterwards. */
export async function ladderWithStripHidden(
  browser: Browser,
  appUrl: string,
  retained: number,
  ctx: Omit<LadderContext, "page">,
  rates: readonly number[],
): Promise<StripRun> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    await context.addInitScript(installProbe, retained);
    await context.addInitScript(setCountsOpen, false);
    const page = await context.newPage();
    await ctx.agent.setRate(1000);
    await page.goto(appUrl);
    await page.waitForSelector('[role="row"][data-seq]', { timeout: 15_000 });
    await expectStrip(page, false);
    await ctx.agent.setRate(0);
    const loadAvgStart = loadavg();
    const ladder = await runLadder({ ...ctx, page }, rates);
    return { ladder, loadAvgStart, loadAvgEnd: loadavg() };
  } finally {
    await context.close();
  }
}

/** The JSON's `ingest.strip`: both runs side by side. */
export function stripFigures(hidden: StripRun, shown: StripRun) {
  const rungs = (l: LadderResult) =>
    l.steps.map((s) => ({
      rate: s.rate,
      pass: s.pass,
      received: s.received,
      sent: s.sent,
      lagP95Ms: s.lagP95Ms,
      frameP95Ms: s.frameP95Ms,
    }));
  return {
    hiddenSustainedEventsPerSec: hidden.ladder.sustained,
    shownSustainedEventsPerSec: shown.ladder.sustained,
    /** shown ÷ hidden (1 = no effect; NaN when neither sustained a rung). */
    shownOverHidden:
      hidden.ladder.sustained > 0 ? shown.ladder.sustained / hidden.ladder.sustained : Number.NaN,
    hidden: {
      loadAvgStart: hidden.loadAvgStart,
      loadAvgEnd: hidden.loadAvgEnd,
      steps: rungs(hidden.ladder),
      firstFailure: hidden.ladder.firstFailure?.summary ?? null,
    },
    shown: {
      loadAvgStart: shown.loadAvgStart,
      loadAvgEnd: shown.loadAvgEnd,
      steps: rungs(shown.ladder),
      firstFailure: shown.ladder.firstFailure?.summary ?? null,
    },
  };
}

// ---- the precise figure: CPU busy time per event, strip closed vs open, same tab --------

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Sampled busy time (everything but "(idle)") of a V8 CPU profile, in ms. */
export function busyMs(profile: CpuProfile): number {
  const idle = new Set(
    profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id),
  );
  let us = 0;
  profile.samples.forEach((node, i) => {
    if (!idle.has(node)) us += profile.timeDeltas[i] ?? 0;
  });
  return us / 1000;
}

/** The functions with the most busy self time, "name file:line ms". */
export function topFunctions(profile: CpuProfile, n = 6): string[] {
  const byNode = new Map(profile.nodes.map((x) => [x.id, x.callFrame]));
  const ms = new Map<string, number>();
  profile.samples.forEach((node, i) => {
    const f = byNode.get(node);
    if (f === undefined || f.functionName === "(idle)") return;
    const key = `${f.functionName || "(anonymous)"} ${f.url.replace(/.*\//, "")}:${String(f.lineNumber)}`;
    ms.set(key, (ms.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...ms]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${v.toFixed(1)}`);
}

interface Profiled {
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

async function profileWhile<T>(targets: Profiled[], during: () => Promise<T>) {
  for (const t of targets) {
    await t.send("Profiler.enable");
    await t.send("Profiler.setSamplingInterval", { interval: 500 });
    await t.send("Profiler.start");
  }
  const value = await during();
  const busy: number[] = [];
  const top: string[][] = [];
  for (const t of targets) {
    const { profile } = (await t.send("Profiler.stop")) as unknown as { profile: CpuProfile };
    busy.push(busyMs(profile));
    top.push(topFunctions(profile));
  }
  return { value, busy, top };
}

export interface StripWindow {
  readonly shown: boolean;
  readonly events: number;
  readonly workerBusyMs: number;
  readonly pageBusyMs: number;
  readonly workerUsPerEvent: number;
  readonly pageUsPerEvent: number;
  readonly loadAvg1: number;
  /** The worker's functions with the most self time in the window (ms). */
  readonly workerTop: readonly string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * On the open tab (its buffer as the ladder left it, so Top counts over a full buffer), at a
 * fixed offered rate: windows alternating strip closed / open (`pairs` of each, closed
 * first), each profiling the ingest worker's and the page's main thread with V8's sampling
 * profiler; busy time ÷ events received in the window. Alternating spreads the machine's
 * changing load over both states.
 */
export async function stripCpuCost(opts: {
  browser: Browser;
  page: Page;
  origin: string;
  agent: { setRate(rate: number): Promise<number> };
  received: () => Promise<number>;
  rate: number;
  windowMs: number;
  pairs: number;
  log: (line: string) => void;
}) {
  const { page } = opts;
  const worker = await attachToSharedWorker(opts.browser, opts.origin);
  const pageCdp = await page.context().newCDPSession(page);
  const pageTarget: Profiled = {
    send: (method, params) => pageCdp.send(method as "Profiler.enable", params),
  };
  const toggle = page.getByRole("button", { name: "Counts", exact: true });
  const windows: StripWindow[] = [];
  try {
    await opts.agent.setRate(opts.rate);
    for (let i = 0; i < opts.pairs; i++) {
      for (const shown of [false, true]) {
        if ((await toggle.getAttribute("aria-expanded")) !== String(shown)) await toggle.click();
        await expectStrip(page, shown);
        await sleep(1_000); // the stream settles into the new state (the first count, the chart)
        const before = await opts.received();
        const { busy, top } = await profileWhile([worker, pageTarget], () => sleep(opts.windowMs));
        const events = Math.max(1, (await opts.received()) - before);
        const [workerBusyMs = 0, pageBusyMs = 0] = busy;
        const w: StripWindow = {
          shown,
          events,
          workerBusyMs: Math.round(workerBusyMs),
          pageBusyMs: Math.round(pageBusyMs),
          workerUsPerEvent: Math.round((1000 * workerBusyMs) / events) / 1,
          pageUsPerEvent: Math.round((1000 * pageBusyMs) / events) / 1,
          loadAvg1: loadavg()[0] ?? Number.NaN,
          workerTop: top[0] ?? [],
        };
        opts.log(`strip ${shown ? "shown" : "hidden"}: ${JSON.stringify(w)}`);
        windows.push(w);
      }
    }
  } finally {
    await opts.agent.setRate(0);
    await worker.detach();
    await pageCdp.detach();
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length === 0 ? Number.NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const of = (shown: boolean, k: "workerUsPerEvent" | "pageUsPerEvent") =>
    median(windows.filter((w) => w.shown === shown).map((w) => w[k]));
  const workerHidden = of(false, "workerUsPerEvent");
  const workerShown = of(true, "workerUsPerEvent");
  return {
    rateEventsPerSec: opts.rate,
    windowSec: opts.windowMs / 1000,
    workerUsPerEventHidden: workerHidden,
    workerUsPerEventShown: workerShown,
    /** Worker CPU per event, shown ÷ hidden: 1.05 = the strip costs ingest 5 %. */
    workerShownOverHidden: Math.round((1000 * workerShown) / workerHidden) / 1000,
    pageUsPerEventHidden: of(false, "pageUsPerEvent"),
    pageUsPerEventShown: of(true, "pageUsPerEvent"),
    windows,
  };
}
