/**
 * The two filter figures, both measured in the page by bench/page-probe.ts (input event ->
 * first frame painted showing that filter's result, as the app's hook reports it):
 *
 *   - changes: a whole new value per change (Playwright `fill`: one trusted input event, as
 *     a paste), waiting for each result before the next change -> `filter.p95Ms`;
 *   - typing: real key presses, one character at a time at a fixed pace (a fast typist),
 *     then erased with Backspace, without waiting for results -> `filter.inputLagP95Ms`,
 *     each keystroke's lag ending when a result that includes it is painted.
 */
import type { Page } from "playwright-core";
import { armFilter, takeFilterLags, type FilterField } from "./page-probe.js";

export type FilterLabel = "Pod" | "Binary" | "Search";

const FIELD_OF: Record<FilterLabel, FilterField> = {
  Pod: "pod",
  Binary: "binary",
  Search: "search",
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface ChangeTimes {
  /**
   * One per change (keystroke): ms from its (first) input event to its result painted; a
   * change never painted within the timeout counts as the timeout (a lower bound).
   */
  lags: number[];
  /** Changes never painted within the timeout. */
  unresolved: number;
}

export async function timeFilterChanges(
  page: Page,
  changes: readonly (readonly [FilterLabel, string])[],
  timeoutMs: number,
): Promise<ChangeTimes> {
  const lags: number[] = [];
  let unresolved = 0;
  for (const [label, value] of changes) {
    await armFilter(page, FIELD_OF[label]);
    await page.getByLabel(label, { exact: true }).fill(value);
    const r = await takeFilterLags(page, timeoutMs);
    // fill may raise more than one input event; the change began with the first. No input
    // event seen at all counts as never painted.
    const painted = r.unresolved === 0 && r.lags.length > 0;
    if (!painted) unresolved++;
    lags.push(painted ? Math.max(...r.lags) : timeoutMs);
  }
  return { lags, unresolved };
}

export async function timeTyping(
  page: Page,
  texts: readonly (readonly [FilterLabel, string])[],
  keyIntervalMs: number,
  timeoutMs: number,
): Promise<ChangeTimes> {
  const lags: number[] = [];
  let unresolved = 0;
  for (const [label, text] of texts) {
    const input = page.getByLabel(label, { exact: true });
    await input.fill("");
    await takeFilterLags(page, timeoutMs);
    await armFilter(page, FIELD_OF[label]);
    await input.focus();
    const chars = Array.from(text); // the texts are ASCII: one key per character
    const keys = [...chars, ...chars.map(() => "Backspace")];
    for (const key of keys) {
      const started = Date.now();
      // Resolves once the page has handled the key (CDP waits for the renderer's ack).
      await page.keyboard.press(key);
      await sleep(Math.max(0, keyIntervalMs - (Date.now() - started)));
    }
    const r = await takeFilterLags(page, timeoutMs);
    lags.push(...r.lags, ...Array.from({ length: r.unresolved }, () => timeoutMs));
    unresolved += r.unresolved;
  }
  return { lags, unresolved };
}
