/**
 * What the harness injects into and reads from the dashboard page.
 *
 * `installProbe` runs before the app (Playwright init script; CDP-injected, so the page's
 * CSP does not apply). It keeps, until `takeSamples` clears them:
 *   - lags: lateness of a 16 ms timer chain (the main-thread task that delayed it);
 *   - frames: intervals between consecutive requestAnimationFrame callbacks (frame times);
 *   - longTasks: 'longtask' PerformanceObserver durations;
 *   - firstRowMs: when the first table row appeared (MutationObserver), from navigation;
 *   - filter: keystroke -> painted measurements (below), cleared by `takeFilterLags`.
 *
 * Filter measurement. Once the harness arms a field (`armFilter`), every trusted `input`
 * event opens a pending change {value, t0}: t0 is the timeStamp of the keydown that caused
 * it (or of the input event itself when no key was pressed, as with a paste or
 * Playwright's fill), i.e. when the browser received the input. Each frame, the rAF callback
 * queues a task that runs after that frame has been painted; there, if the app's hook says
 * a new filter result is on screen (`filterApplied` grew since the change began) for the
 * pending value or a later one (`filterShown[field]`), the change and all earlier ones are
 * done at `performance.now()`. Resolution: one frame (the commit may land in a task between
 * the paint and the check).
 *
 * `readPage` reads the app's read-only bench hook (`window.__tetragonBench`, only with
 * ?bench=1, src/app/bench-hook.ts; the contract is in docs/PERFORMANCE.md) and the table DOM.
 */
import type { Page } from "playwright-core";

export type FilterField = "pod" | "namespace" | "binary" | "eventType" | "search";

export interface PageReading {
  received: number;
  missing: number;
  resets: number;
  size: number;
  dropNotices: number;
  droppedReported: number;
  droppedBehind: number;
  filterApplied: number;
  lastRowSeq: number;
  receivedText: string;
}

export interface Samples {
  lags: number[];
  frames: number[];
  longTasks: number[];
  firstRowMs: number;
}

interface PendingChange {
  value: string;
  t0: number;
  appliedBefore: number;
}

interface Probe extends Samples {
  filter: { field: FilterField | null; pending: PendingChange[]; lags: number[] };
}

interface ProbeWindow {
  __probe: Probe;
  __tetragonBench?: Omit<PageReading, "lastRowSeq" | "receivedText"> & {
    filterShown: Record<FilterField, string>;
  };
}

export function installProbe(capacity: number): void {
  const w = window as unknown as ProbeWindow;
  localStorage.setItem("tetragon-dashboard.capacity", String(capacity));
  const MAX_SAMPLES = 200_000;
  const probe: Probe = {
    lags: [],
    frames: [],
    longTasks: [],
    firstRowMs: Number.NaN,
    filter: { field: null, pending: [], lags: [] },
  };
  w.__probe = probe;

  const PERIOD = 16;
  let expected = performance.now() + PERIOD;
  const tick = (): void => {
    const now = performance.now();
    if (probe.lags.length < MAX_SAMPLES) probe.lags.push(Math.max(0, now - expected));
    expected = now + PERIOD;
    setTimeout(tick, PERIOD);
  };
  setTimeout(tick, PERIOD);

  const settleFilter = (): void => {
    const f = probe.filter;
    const hook = w.__tetragonBench;
    if (f.field === null || hook === undefined) return;
    const shown = hook.filterShown[f.field];
    const applied = hook.filterApplied;
    for (let i = f.pending.length - 1; i >= 0; i--) {
      const p = f.pending[i];
      if (p === undefined || p.value !== shown || applied <= p.appliedBefore) continue;
      const now = performance.now();
      for (const done of f.pending.splice(0, i + 1)) f.lags.push(now - done.t0);
      return;
    }
  };
  let lastFrame = Number.NaN;
  const onFrame = (t: number): void => {
    if (!Number.isNaN(lastFrame) && probe.frames.length < MAX_SAMPLES)
      probe.frames.push(t - lastFrame);
    lastFrame = t;
    // A task queued from rAF runs after this frame's rendering (style, layout, paint).
    if (probe.filter.pending.length > 0) setTimeout(settleFilter, 0);
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);

  let keydownAt = Number.NaN;
  const capture = { capture: true };
  window.addEventListener("keydown", (e) => (keydownAt = e.timeStamp), capture);
  window.addEventListener("keyup", () => (keydownAt = Number.NaN), capture);
  window.addEventListener(
    "input",
    (e) => {
      const f = probe.filter;
      if (f.field === null || !e.isTrusted || !(e.target instanceof HTMLInputElement)) return;
      const t0 = Number.isNaN(keydownAt) ? e.timeStamp : keydownAt;
      keydownAt = Number.NaN;
      f.pending.push({
        value: e.target.value,
        t0,
        appliedBefore: w.__tetragonBench?.filterApplied ?? 0,
      });
    },
    capture,
  );

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTasks.push(e.duration);
    }).observe({ type: "longtask", buffered: true });
  } catch {
    // no longtask support: the lag probe still runs
  }
  const mo = new MutationObserver(() => {
    if (document.querySelector('[role="row"][data-seq]') !== null) {
      probe.firstRowMs = performance.now();
      mo.disconnect();
    }
  });
  const start = (): void => {
    mo.observe(document.documentElement, { childList: true, subtree: true });
  };
  // An init script can run before <html> exists, whatever lib.dom's types say.
  const root = document.documentElement as Element | null;
  if (root !== null) start();
  else document.addEventListener("DOMContentLoaded", start);
}

/** Every field of the `?bench=1` contract (docs/PERFORMANCE.md); the probes read nothing else. */
const CONTRACT = [
  "received",
  "dropNotices",
  "missing",
  "resets",
  "size",
  "droppedReported",
  "droppedBehind",
  "filterApplied",
  "filterShown",
] as const;

/** Throws, naming what is missing, unless the app's hook offers the whole contract. */
export async function checkContract(page: Page): Promise<void> {
  const missing = await page.evaluate((fields) => {
    const b = (window as unknown as Record<string, unknown>)["__tetragonBench"];
    if (typeof b !== "object" || b === null) return ["window.__tetragonBench itself"];
    const hook = b as Record<string, unknown>;
    return fields.filter((f) =>
      f === "filterShown" ? typeof hook[f] !== "object" : typeof hook[f] !== "number",
    );
  }, CONTRACT);
  if (missing.length > 0)
    throw new Error(
      `the app's ?bench=1 hook lacks ${missing.join(", ")} (docs/PERFORMANCE.md, "The ?bench=1 contract")`,
    );
}

export async function readPage(page: Page): Promise<PageReading> {
  return page.evaluate(() => {
    const b = (window as unknown as ProbeWindow).__tetragonBench;
    let lastRowSeq = -1;
    for (const el of document.querySelectorAll('[role="row"][data-seq]')) {
      lastRowSeq = Math.max(lastRowSeq, Number(el.getAttribute("data-seq")));
    }
    return {
      received: b?.received ?? Number.NaN,
      missing: b?.missing ?? Number.NaN,
      resets: b?.resets ?? Number.NaN,
      size: b?.size ?? Number.NaN,
      dropNotices: b?.dropNotices ?? Number.NaN,
      droppedReported: b?.droppedReported ?? Number.NaN,
      droppedBehind: b?.droppedBehind ?? Number.NaN,
      filterApplied: b?.filterApplied ?? Number.NaN,
      lastRowSeq,
      receivedText: document.querySelector('[data-counter="Received"]')?.textContent ?? "",
    };
  });
}

/** Clears and returns the probe's samples since the last call. */
export async function takeSamples(page: Page): Promise<Samples> {
  return page.evaluate(() => {
    const p = (window as unknown as ProbeWindow).__probe;
    const out = {
      lags: p.lags,
      frames: p.frames,
      longTasks: p.longTasks,
      firstRowMs: p.firstRowMs,
    };
    p.lags = [];
    p.frames = [];
    p.longTasks = [];
    return out;
  });
}

/** From now on, input events measure changes of `field` (pending changes are discarded). */
export async function armFilter(page: Page, field: FilterField): Promise<void> {
  await page.evaluate((f) => {
    const probe = (window as unknown as ProbeWindow).__probe;
    probe.filter = { field: f, pending: [], lags: [] };
  }, field);
}

/**
 * Waits until every pending change is painted (or `timeoutMs` passes), then returns the
 * measured lags in input order and how many changes never showed.
 */
export async function takeFilterLags(
  page: Page,
  timeoutMs: number,
): Promise<{ lags: number[]; unresolved: number }> {
  await page
    .waitForFunction(
      () => (window as unknown as ProbeWindow).__probe.filter.pending.length === 0,
      undefined,
      { timeout: timeoutMs, polling: 50 },
    )
    .catch(() => undefined);
  return page.evaluate(() => {
    const f = (window as unknown as ProbeWindow).__probe.filter;
    const out = { lags: f.lags, unresolved: f.pending.length };
    f.lags = [];
    f.pending = [];
    return out;
  });
}
