/**
 * Hostile event strings in the browser: markup stays inert, control/bidi/invisible characters
 * are made visible in the table, the detail pane and the raw JSON, the 1 MiB argument is
 * rendered in bounded pieces (a cut cell, a trimmed pane, and "Show all" as blocks the browser
 * lays out only when in view), and Copy/Export are neutralised. The events are our own
 * (hostile-events.ts), replayed by the demo agent.
 */
import { readFileSync } from "node:fs";
import { expect, test as base } from "./fixtures.js";
import { BIG_TOKEN, MARKERS, RAW_SPECIALS, writeHostileLog } from "./hostile-events.js";

const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from the destructuring pattern; this one has none.
  agentOptions: async ({}, use, testInfo) => {
    const path = testInfo.outputPath("hostile.jsonl");
    writeHostileLog(path);
    // One of each hostile event per second, over and over (the second test reads two rounds).
    await use({ replay: path, rate: 4, loop: true });
  },
});

declare global {
  interface Window {
    __pwned?: number;
    /** Long-text blocks Chromium has reported as skipped (content-visibility: auto). */
    __skippedBlocks?: Set<Element>;
  }
}

/** Elements that payloads would create if any string were parsed as HTML. */
const INJECTED =
  "script:not([src]), img, svg, iframe, object, embed, a[href], [onerror], [onload], [srcdoc]";

function hasRaw(text: string): string[] {
  return RAW_SPECIALS.filter((c) => text.includes(c)).map((c) => c.charCodeAt(0).toString(16));
}

test("hostile strings render as inert, visible text in the table and the detail pane", async ({
  page,
  context,
  stack,
  dashboard,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThanOrEqual(4);
  // Every kind has arrived: stop the agent so the page holds still while we inspect it.
  await stack.stopAgent();

  // Inert: nothing ran, no element came from a payload.
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await page.locator(INJECTED).count()).toBe(0);

  // Visible: markers in the grid, no raw control/bidi character anywhere in the page text.
  const gridText = await dashboard.grid.innerText();
  for (const m of ["⟨U+202E⟩", "␛[31m", "⟨U+200B⟩", "<img src=x onerror=window.__pwned=1>"]) {
    expect(gridText).toContain(m);
  }
  expect(hasRaw(await page.locator("body").innerText())).toEqual([]);

  // The 1 MiB argument is cut in its cell.
  const bigRow = dashboard.rows.filter({ hasText: BIG_TOKEN }).first();
  const cellLengths = await bigRow
    .locator('[role="gridcell"]')
    .evaluateAll((cells) => cells.map((c) => c.textContent.length));
  expect(Math.max(...cellLengths)).toBeLessThan(2_000);
  await expect(bigRow).toContainText(/… \([\d,]+ more\)/);

  // Detail pane of the exec with 500 hostile labels.
  await dashboard.rows.filter({ hasText: "F:exec-binary" }).first().click();
  const details = dashboard.details;
  await expect(details).toBeVisible();
  await expect(details.locator('ul[aria-label="Pod labels"] > li')).toHaveCount(500);
  const detailText = await details.innerText();
  for (const m of MARKERS) expect(detailText).toContain(m);
  expect(hasRaw(detailText)).toEqual([]);
  const pre = await details.locator("pre").innerText();
  expect(pre).toContain("\\u001b[31m"); // JSON's own escape, shown as text
  expect(pre).toContain("⟨U+202E⟩");
  expect(hasRaw(pre)).toEqual([]);
  expect(await page.locator(INJECTED).count()).toBe(0);

  // Copy: the same JSON values, with bidi/invisible characters escaped.
  await details.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(details.getByText("Copied", { exact: true })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(hasRaw(copied)).toEqual([]);
  expect(copied).toContain("\\u202E");
  const parsed = JSON.parse(copied) as { process_exec: { process: { binary: string } } };
  expect(parsed.process_exec.process.binary).toContain("\u202Eexe.sh");

  // Export CSV of the shown rows: neutralised cells.
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "CSV (visible columns)" }).click();
  const csv = readFileSync(await (await csvDownload).path(), "utf8");
  expect(hasRaw(csv)).toEqual([]);
  expect(csv).toContain("⟨U+202E⟩");
  expect(csv.split("\r\n")[0]).toMatch(/^"Time","Node","Type",/);

  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test("the 1 MiB event: its details and Show all render in bounded pieces, and the page stays usable", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  // Two rounds of the hostile log: two 1 MiB events, 1,000 hostile labels.
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThanOrEqual(8);
  await stack.stopAgent();
  await dashboard.rows.filter({ hasText: BIG_TOKEN }).last().click();
  const details = dashboard.details;
  await expect(details).toBeVisible();
  // Trimmed: the pane holds the heads of the values, not megabytes of text.
  const shown = await details.evaluate((el) => el.textContent.length);
  expect(shown).toBeLessThan(100_000);
  const showAll = details.getByRole("button", { name: /^Show all \([\d,]+ characters\)$/ });
  await expect(showAll.first()).toBeVisible();
  // Chromium fires contentvisibilityautostatechange at each block it starts or stops skipping.
  await page.evaluate(() => {
    window.__skippedBlocks = new Set();
    document.addEventListener(
      "contentvisibilityautostatechange",
      (e) => {
        const target = e.target as Element;
        if ((e as Event & { skipped: boolean }).skipped) window.__skippedBlocks?.add(target);
        else window.__skippedBlocks?.delete(target);
      },
      true,
    );
  });
  await showAll.first().click();
  const full = details.locator('[data-long-text="full"]');
  await expect(full).toHaveCount(1);
  const blocks = await full.evaluate((el) =>
    [...el.children].map((b) => ({
      chars: b.textContent.length,
      contentVisibility: getComputedStyle(b).contentVisibility,
    })),
  );
  // All of it, in blocks of 8,192 characters of the value (a control character shown as a
  // marker such as ⟨U+202E⟩ adds a few), each laid out only when in view…
  expect(blocks.reduce((n, b) => n + b.chars, 0)).toBeGreaterThan(1024 * 1024);
  expect(Math.max(...blocks.map((b) => b.chars))).toBeLessThan(2 * 8_192);
  expect(blocks.filter((b) => b.contentVisibility !== "auto")).toEqual([]);
  // …and the browser does skip those out of view: at most a few screens' worth are rendered.
  await expect
    .poll(() => page.evaluate(() => window.__skippedBlocks?.size ?? 0))
    .toBeGreaterThanOrEqual(blocks.length - 10);
  // Still usable: a click is handled and the page paints.
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await expect(page.getByRole("button", { name: "Resume", exact: true })).toBeVisible();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});
