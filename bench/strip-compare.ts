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
import { installProbe, readPage } from "./page-probe.js";
import { attachToSharedWorker } from "../e2e/cdp-targets.js";
import { findThread, threadCpuMs } from "./thread-cpu.js";

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
    // Warm-up, not measured: this tab is the browser's first work of the run, where the tab
    // the strip is shown on comes after a start-up, a memory reading and another tab's fill.
    // Cold (code not yet compiled and optimised), the first rung failed on lag alone
    // (p95 82 ms, 13 long tasks at 5,000/s, nothing lost) and the two ladders compared a
    // cold page with a warm one. One window at the first rate puts them on an equal footing.
    await ctx.agent.setRate(rates[0] ?? 1000);
    await new Promise((r) => setTimeout(r, ctx.windowMs));
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
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
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

/**
 * The worker's functions that only the counts strip runs, whatever the design: the full count
 * (TabView.visitShown), the kept count's updates (TabView.tellAppended, tellEvicted) and the
 * snapshot (TopTally.snapshot, RateBuckets.snapshot). Method names survive minification.
 */
export const STRIP_FUNCTIONS: ReadonlySet<string> = new Set([
  "visitShown",
  "tellAppended",
  "tellEvicted",
  "snapshot",
]);

/** Sampled time (ms) spent in `names` or anything they called (each sample counted once). */
export function inclusiveMs(profile: CpuProfile, names: ReadonlySet<string>): number {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inside = new Map<number, boolean>();
  const isInside = (id: number): boolean => {
    const known = inside.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const v = names.has(node?.callFrame.functionName ?? "") || (up !== undefined && isInside(up));
    inside.set(id, v);
    return v;
  };
  let us = 0;
  profile.samples.forEach((node, i) => {
    if (isInside(node)) us += profile.timeDeltas[i] ?? 0;
  });
  return us / 1000;
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
  const strip: number[] = [];
  for (const t of targets) {
    const { profile } = (await t.send("Profiler.stop")) as unknown as { profile: CpuProfile };
    busy.push(busyMs(profile));
    top.push(topFunctions(profile));
    strip.push(inclusiveMs(profile, STRIP_FUNCTIONS));
  }
  return { value, busy, top, strip };
}

export interface StripWindow {
  readonly shown: boolean;
  readonly events: number;
  readonly workerBusyMs: number;
  /** CPU time of the worker's thread (/proc, thread-cpu.ts); NaN where unavailable. */
  readonly workerThreadMs: number;
  /** Of workerBusyMs, the samples in the strip's own functions (STRIP_FUNCTIONS). */
  readonly workerStripMs: number;
  readonly pageBusyMs: number;
  readonly workerUsPerEvent: number;
  readonly workerThreadUsPerEvent: number;
  readonly pageUsPerEvent: number;
  readonly loadAvg1: number;
  /** The worker's functions with the most self time in the window (ms). */
  readonly workerTop: readonly string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The strip state of window `i` in ABBA order (hidden, shown, shown, hidden, hidden, ...):
 * every two pairs put each state once early and once late, so a cost that drifts linearly
 * over the run (a filling heap, the machine's load) weighs on both states alike.
 */
export function abbaShown(i: number): boolean {
  return ((i + 1) >> 1) % 2 === 1;
}

/** µs per event of one state over all its windows: summed time ÷ summed events. */
function pooledUs(
  windows: readonly StripWindow[],
  shown: boolean,
  time: "workerBusyMs" | "workerThreadMs" | "pageBusyMs",
) {
  const mine = windows.filter((w) => w.shown === shown);
  const ms = mine.reduce((a, w) => a + w[time], 0);
  const events = mine.reduce((a, w) => a + w.events, 0);
  return events === 0 ? Number.NaN : (1000 * ms) / events;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  if (s.length === 0) return Number.NaN;
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

/**
 * On the open tab, at a fixed offered rate: `2 x pairs` windows in ABBA order (abbaShown),
 * each after 1 s in its new state (the stream settles, an opened strip's first count ends),
 * profiling the ingest worker's and the page's main thread with V8's sampling profiler; busy
 * time ÷ events received. The figure pools each state's windows (summed busy ÷ summed
 * events), which cancels a linear drift exactly over a whole number of ABBA blocks; the
 * per-pair ratios and their median are kept beside it. Run it on a buffer at a steady size
 * (stripCpuAtSteadySize), so the drift is small to begin with.
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
  const thread = findThread("SharedWorker");
  const threadMs = () => (thread === undefined ? Number.NaN : threadCpuMs(thread));
  try {
    await opts.agent.setRate(opts.rate);
    for (let i = 0; i < 2 * opts.pairs; i++) {
      const shown = abbaShown(i);
      if ((await toggle.getAttribute("aria-expanded")) !== String(shown)) await toggle.click();
      await expectStrip(page, shown);
      await sleep(1_000); // the stream settles into the new state (the first count, the chart)
      const before = await opts.received();
      const { busy, top, value, strip } = await profileWhile([worker, pageTarget], async () => {
        const cpu0 = threadMs();
        await sleep(opts.windowMs);
        return threadMs() - cpu0;
      });
      const events = Math.max(1, (await opts.received()) - before);
      const [workerBusyMs = 0, pageBusyMs = 0] = busy;
      const w: StripWindow = {
        shown,
        events,
        workerBusyMs: Math.round(workerBusyMs),
        workerThreadMs: value,
        workerStripMs: round(strip[0] ?? 0, 1),
        pageBusyMs: Math.round(pageBusyMs),
        workerUsPerEvent: round((1000 * workerBusyMs) / events, 1),
        workerThreadUsPerEvent: round((1000 * value) / events, 1),
        pageUsPerEvent: round((1000 * pageBusyMs) / events, 1),
        loadAvg1: loadavg()[0] ?? Number.NaN,
        workerTop: top[0] ?? [],
      };
      opts.log(`strip ${shown ? "shown" : "hidden"}: ${JSON.stringify(w)}`);
      windows.push(w);
    }
  } finally {
    await opts.agent.setRate(0);
    await worker.detach();
    await pageCdp.detach();
  }
  // The worker's thread CPU when /proc has it, else the profile's busy time.
  const useThread = windows.length > 0 && windows.every((w) => Number.isFinite(w.workerThreadMs));
  const workerTime = useThread ? "workerThreadMs" : "workerBusyMs";
  const perEvent = useThread ? "workerThreadUsPerEvent" : "workerUsPerEvent";
  const workerHidden = pooledUs(windows, false, workerTime);
  const workerShown = pooledUs(windows, true, workerTime);
  // Window pairs in order (h s, s h, h s, ...): shown ÷ hidden within each.
  const pairRatios: number[] = [];
  for (let i = 0; i + 1 < windows.length; i += 2) {
    const [a, b] = [windows[i], windows[i + 1]];
    if (a === undefined || b === undefined) continue;
    const [h, s] = a.shown ? [b, a] : [a, b];
    pairRatios.push(round(s[perEvent] / h[perEvent], 3));
  }
  const shownWindows = windows.filter((w) => w.shown);
  const stripMs = shownWindows.reduce((a, w) => a + w.workerStripMs, 0);
  const shownBusyMs = shownWindows.reduce((a, w) => a + w.workerBusyMs, 0);
  const profileHidden = pooledUs(windows, false, "workerBusyMs");
  const profileShown = pooledUs(windows, true, "workerBusyMs");
  return {
    method: "ABBA windows, pooled per state",
    workerTime: useThread ? "thread CPU (/proc)" : "sampled busy time (profile)",
    rateEventsPerSec: opts.rate,
    windowSec: opts.windowMs / 1000,
    windowCount: windows.length,
    workerUsPerEventHidden: round(workerHidden, 1),
    workerUsPerEventShown: round(workerShown, 1),
    /** Worker CPU per event, shown ÷ hidden: 1.05 = the strip costs ingest 5 %. */
    workerShownOverHidden: round(workerShown / workerHidden, 3),
    /** Shown ÷ hidden per window pair, and their median (a check on the pooled figure). */
    pairRatios,
    pairRatioMedian: round(median(pairRatios), 3),
    /** The same ratio from the profile's busy time (inflated by preemption on a busy machine). */
    profileWorkerShownOverHidden: round(profileShown / profileHidden, 3),
    /**
     * Strip shown: the share of the worker's sampled busy time inside the strip's own
     * functions (STRIP_FUNCTIONS), i.e. its cost measured within the same windows.
     */
    stripShareOfWorkerBusy: round(stripMs / shownBusyMs, 4),
    pageUsPerEventHidden: round(pooledUs(windows, false, "pageBusyMs"), 1),
    pageUsPerEventShown: round(pooledUs(windows, true, "pageBusyMs"), 1),
    windows,
  };
}

/**
 * stripCpuCost on a tab of its own whose buffer is at a steady size: a fresh context (never
 * beside another: one ingest worker at a time) with a buffer of `capacity` events, filled at
 * `fillRate` until full, then at the measured rate for `warmUpMs` and until a second receives
 * no more than 1.2x the rate (the backlog has drained; from then on every event received
 * evicts one), then the windows. The context is closed afterwards.
 */
export async function stripCpuAtSteadySize(opts: {
  browser: Browser;
  appUrl: string;
  agent: { setRate(rate: number): Promise<number> };
  capacity: number;
  fillRate: number;
  fillTimeoutMs: number;
  warmUpMs: number;
  rate: number;
  windowMs: number;
  pairs: number;
  log: (line: string) => void;
}) {
  const context = await opts.browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    await context.addInitScript(installProbe, opts.capacity);
    const page = await context.newPage();
    await opts.agent.setRate(opts.fillRate);
    await page.goto(opts.appUrl);
    await page.waitForSelector('[role="row"][data-seq]', { timeout: 15_000 });
    const until = Date.now() + opts.fillTimeoutMs;
    let size = 0;
    while ((size = (await readPage(page)).size) < opts.capacity && Date.now() < until) {
      await sleep(250);
    }
    // Not full by the deadline (a loaded machine): measured anyway, and the JSON says so.
    const filled = size >= opts.capacity;
    await opts.agent.setRate(opts.rate);
    await sleep(opts.warmUpMs);
    // The fill's backlog drains first: a window that caught up on it gets events in batches,
    // cheaper per event than the steady stream the other windows see.
    for (let n = 0; n < 20; n++) {
      const before = (await readPage(page)).received;
      await sleep(1000);
      if ((await readPage(page)).received - before <= 1.2 * opts.rate) break;
    }
    opts.log(`strip CPU: buffer ${filled ? "full" : "not full"} (${String(size)}), measuring`);
    const cpu = await stripCpuCost({
      browser: opts.browser,
      page,
      origin: new URL(opts.appUrl).origin,
      agent: opts.agent,
      received: async () => {
        const r = await readPage(page);
        return r.received - r.dropNotices;
      },
      rate: opts.rate,
      windowMs: opts.windowMs,
      pairs: opts.pairs,
      log: opts.log,
    });
    const end = await readPage(page);
    return {
      ...cpu,
      capacity: opts.capacity,
      filled,
      heldAtStart: size,
      heldAtEnd: end.size,
      receivedAtEnd: end.received,
    };
  } finally {
    await opts.agent.setRate(0);
    await context.close();
  }
}
