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
