/**
 * Filling the buffer and reading what it costs, for `memory.*`.
 *
 * `fillTabs` offers `rate` events/s until every given tab holds `target` entries, or the
 * deadline passes, or the browser's memory (a cheap reading without GC, every few seconds)
 * passes `budgetBytes` — a guard for the shared machine when each tab keeps its own copy
 * (7 × 500,000 events at ~3 KB would be ~10 GB). Events lost while filling do not matter
 * here; what the tabs hold is measured.
 *
 * `sevenTabs` opens the extra tabs BEFORE filling, so every tab has seen the same stream
 * whatever the design (a design where tabs keep their own copy only gets events that arrive
 * while it is open), reads memory with all tabs open, closes the extra tabs, and reads it
 * again: same events, one tab.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { catchUp } from "./ingest.js";
import { measureMemory, type MemoryReading } from "./memory.js";
import { readPage } from "./page-probe.js";
import type { AgentProcess } from "./stack.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export type FillEnd = "filled" | "deadline" | "memory budget";

export interface FillOptions {
  browser: Browser;
  agent: AgentProcess;
  rate: number;
  target: number;
  timeoutMs: number;
  budgetBytes: number;
}

export async function fillTabs(pages: readonly Page[], o: FillOptions): Promise<FillEnd> {
  const until = Date.now() + o.timeoutMs;
  let nextMemoryCheck = Date.now() + 3000;
  let end: FillEnd = "deadline";
  await o.agent.setRate(o.rate);
  try {
    while (Date.now() < until) {
      const sizes = await Promise.all(pages.map(async (p) => (await readPage(p)).size));
      if (sizes.every((s) => s >= o.target)) {
        end = "filled";
        break;
      }
      if (Date.now() >= nextMemoryCheck) {
        const mem = await measureMemory(o.browser, { collectGarbage: false });
        if (mem.totalBytes > o.budgetBytes) {
          end = "memory budget";
          break;
        }
        nextMemoryCheck = Date.now() + 3000;
      }
      await sleep(250);
    }
  } finally {
    await o.agent.setRate(0);
  }
  const first = pages[0];
  if (first !== undefined) await catchUp(first, o.agent, 0, 0, 2000);
  return end;
}

export interface SevenTabs {
  tabs: number;
  /** memory with all tabs open ÷ memory with the first tab alone, same events. */
  ratio: number;
  /** Entries each tab held at the all-tabs reading (first tab first). */
  heldPerTab: number[];
  fillEnd: FillEnd;
  allTabs: MemoryReading;
  oneTab: MemoryReading;
}

export async function sevenTabs(
  context: BrowserContext,
  first: Page,
  url: string,
  tabs: number,
  o: FillOptions,
): Promise<SevenTabs> {
  const extra: Page[] = [];
  for (let i = 1; i < tabs; i++) {
    const p = await context.newPage();
    await p.goto(url);
    await p.waitForFunction(() => "__tetragonBench" in window);
    extra.push(p);
  }
  const all = [first, ...extra];
  const fillEnd = await fillTabs(all, o);
  const heldPerTab = await Promise.all(all.map(async (p) => (await readPage(p)).size));
  const allTabs = await measureMemory(o.browser);
  for (const p of extra) await p.close();
  const oneTab = await measureMemory(o.browser);
  return {
    tabs,
    ratio: allTabs.totalBytes / oneTab.totalBytes,
    heldPerTab,
    fillEnd,
    allTabs,
    oneTab,
  };
}
