/**
 * What the harness injects into and reads from the dashboard page.
 *
 * `installProbe` runs before the app (Playwright init script; CDP-injected, so the page's
 * CSP does not apply): a 16 ms timer chain whose lateness approximates the main-thread task
 * that delayed it (event-loop lag), a PerformanceObserver for 'longtask' entries, and a
 * MutationObserver that stamps the first table row (page load -> first event).
 *
 * `readPage` reads that probe plus the app's read-only bench hook (`window.__tetragonBench`,
 * only present with ?bench=1, see src/app/bench-hook.ts) and the table's DOM.
 */
import type { Page } from "playwright-core";

export interface PageReading {
  received: number;
  missing: number;
  resets: number;
  size: number;
  filterApplied: number;
  lastRowSeq: number;
  receivedText: string;
}

interface ProbeWindow {
  __probe: { lags: number[]; longTasks: number[]; firstRowMs: number };
  __tetragonBench?: {
    received: number;
    missing: number;
    resets: number;
    size: number;
    filterApplied: number;
  };
}

export function installProbe(capacity: number): void {
  const w = window as unknown as ProbeWindow;
  localStorage.setItem("tetragon-dashboard.capacity", String(capacity));
  const probe = { lags: [] as number[], longTasks: [] as number[], firstRowMs: Number.NaN };
  w.__probe = probe;
  const PERIOD = 16;
  let expected = performance.now() + PERIOD;
  const tick = (): void => {
    const now = performance.now();
    if (probe.lags.length < 200_000) probe.lags.push(Math.max(0, now - expected));
    expected = now + PERIOD;
    setTimeout(tick, PERIOD);
  };
  setTimeout(tick, PERIOD);
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

export async function readPage(page: Page): Promise<PageReading> {
  return page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    const b = w.__tetragonBench;
    let lastRowSeq = -1;
    for (const el of document.querySelectorAll('[role="row"][data-seq]')) {
      lastRowSeq = Math.max(lastRowSeq, Number(el.getAttribute("data-seq")));
    }
    return {
      received: b?.received ?? Number.NaN,
      missing: b?.missing ?? Number.NaN,
      resets: b?.resets ?? Number.NaN,
      size: b?.size ?? Number.NaN,
      filterApplied: b?.filterApplied ?? Number.NaN,
      lastRowSeq,
      receivedText: document.querySelector('[data-counter="Received"]')?.textContent ?? "",
    };
  });
}

/** Clears and returns the probe's samples since the last call. */
export async function takeSamples(
  page: Page,
): Promise<{ lags: number[]; longTasks: number[]; firstRowMs: number }> {
  return page.evaluate(() => {
    const p = (window as unknown as ProbeWindow).__probe;
    const out = { lags: p.lags, longTasks: p.longTasks, firstRowMs: p.firstRowMs };
    p.lags = [];
    p.longTasks = [];
    return out;
  });
}

/**
 * Types `value` into the labelled filter input (as a user's input event) and resolves with
 * the milliseconds until the store applied the filter and the next frame painted.
 */
export async function timeFilterChange(page: Page, label: string, value: string): Promise<number> {
  const input = page.getByLabel(label, { exact: true });
  return input.evaluate((el, v) => {
    const w = window as unknown as ProbeWindow;
    const before = w.__tetragonBench?.filterApplied ?? 0;
    // React tracks `value` per element: only the prototype's setter makes it see a change.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(el) below
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set;
    const t0 = performance.now();
    setter?.call(el, v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
    return new Promise<number>((resolve) => {
      const check = (): void => {
        if ((w.__tetragonBench?.filterApplied ?? 0) !== before) {
          // The frame after the commit has painted the new rows.
          requestAnimationFrame(() => {
            setTimeout(() => {
              resolve(performance.now() - t0);
            }, 0);
          });
        } else if (performance.now() - t0 > 10_000) resolve(Number.NaN);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  }, value);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}
