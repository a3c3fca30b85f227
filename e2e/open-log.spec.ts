/**
 * Open a log in the browser, no agent needed: the 32 real Tetragon events of ../shared,
 * written by the test to a temp .jsonl and .jsonl.gz (never copied into the repo), opened
 * through the "Open log file" input (and dropped on the table) with the demo agent stopped.
 * Asserts the rows, the original times in the Time column and the detail pane, the file
 * marker and "file: NAME" source, a malformed line reported by its number with nothing else
 * lost, and that the JSONL Export of a filtered view reads back identically.
 * Skips, saying why, when ../shared is absent.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Page } from "@playwright/test";
import { expect, test, type Dashboard } from "./fixtures.js";

const REAL = fileURLToPath(new URL("../../shared/tetragon-api/real-events.jsonl", import.meta.url));
const present = existsSync(REAL);
if (!present) console.warn(`open-log.spec: skipped: ${REAL} not found (../shared is absent)`);

const lines: string[] = present
  ? readFileSync(REAL, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
  : [];
const times = lines.map((l) => (JSON.parse(l) as { time?: string }).time);

/** What the Time column shows for an RFC 3339 UTC time in a UTC browser: HH:MM:SS.mmm. */
function clockOf(time: string | undefined): string {
  if (time === undefined) return "";
  const m = /T(\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(time);
  if (!m) throw new Error(`unexpected time format in the fixture: ${time}`);
  return `${m[1]}.${(m[2] ?? "").padEnd(3, "0").slice(0, 3)}`;
}

// Tall enough that the virtualised table renders all rows; UTC so the clock column is known.
test.use({ viewport: { width: 1280, height: 1500 }, timezoneId: "UTC" });
test.skip(!present, `../shared is absent (${REAL} not found)`);

/** The dashboard with no agent behind the gateway: only what the file gives. */
async function openWithoutAgent(
  page: Page,
  stack: { stopAgent(): Promise<void>; gateway: { url: string } },
) {
  await stack.stopAgent();
  await page.goto(stack.gateway.url);
  await expect(page.getByRole("button", { name: "Open log…" })).toBeVisible();
}

async function expectTheRealEvents(page: Page, dashboard: Dashboard, name: string) {
  const source = page.getByRole("region", { name: "File source" });
  await expect(source.getByRole("status")).toContainText(`file: ${name}`);
  await expect(source.getByRole("status")).toContainText("32 events read");
  await expect(dashboard.rows).toHaveCount(32);
  expect(await dashboard.counterValue("Received")).toBe(32);
  // The file marker row sits before the file's first event.
  const marker = dashboard.grid.locator('[role="row"][data-file-marker]');
  await expect(marker).toHaveCount(1);
  await expect(marker).toContainText(`file: ${name}`);
  // File order, original times (no "now" anywhere).
  expect(await dashboard.columnTexts(0)).toEqual(times.map(clockOf));
  const row = (seq: number) => dashboard.grid.locator(`[role="row"][data-seq="${seq}"]`);
  await expect(row(1)).toContainText("/usr/bin/curl");
  // The detail pane shows the agent's own RFC 3339 time, nanoseconds kept.
  await row(31).click();
  await expect(dashboard.details).toContainText("2022-10-18T03:16:21.373327754Z");
  await row(1).click();
  await expect(dashboard.details).toContainText("2022-01-19T16:29:01.861Z");
  // The tab was paused at the file's end, so live events would not scroll it away.
  await expect(page.getByRole("button", { name: "Resume", exact: true })).toBeVisible();
}

test("opens the 32 real events from a .jsonl file, no agent needed", async ({
  page,
  stack,
  dashboard,
}, testInfo) => {
  expect(lines).toHaveLength(32);
  const path = testInfo.outputPath("real-events.jsonl");
  writeFileSync(path, lines.join("\n") + "\n");
  await openWithoutAgent(page, stack);
  await page.getByLabel("Open log file").setInputFiles(path);
  await expectTheRealEvents(page, dashboard, "real-events.jsonl");
  // A clean file: no warnings.
  await expect(page.getByLabel("Log reading warnings")).toHaveCount(0);
});

test("opens a .jsonl.gz the same, and a file dropped on the table", async ({
  page,
  stack,
  dashboard,
}, testInfo) => {
  const path = testInfo.outputPath("real-events.jsonl.gz");
  writeFileSync(path, gzipSync(lines.join("\n") + "\n"));
  await openWithoutAgent(page, stack);
  await page.getByLabel("Open log file").setInputFiles(path);
  await expectTheRealEvents(page, dashboard, "real-events.jsonl.gz");

  // Drag and drop onto the table: a second file, appended after its own marker.
  const dropped = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], "dropped.jsonl"));
    return dt;
  }, lines.slice(0, 2).join("\n"));
  await page.getByRole("main").dispatchEvent("drop", { dataTransfer: dropped });
  await expect(page.getByRole("region", { name: "File source" })).toContainText(
    "file: dropped.jsonl",
  );
  await expect.poll(() => dashboard.counterValue("Received")).toBe(34);
  await expect(dashboard.grid.locator('[role="row"][data-file-marker]')).toHaveCount(2);
});

test("a malformed line is reported with its line number and loses nothing else", async ({
  page,
  stack,
  dashboard,
}, testInfo) => {
  const broken = [...lines];
  broken.splice(4, 0, '{"process_exec": {"process": '); // line 5
  broken.splice(9, 0, '{"process_connect": {"destination_ip": "10.0.0.1"}}'); // line 10
  const withUnknown = JSON.parse(broken[0] ?? "{}") as Record<string, unknown>;
  withUnknown["a_field_from_a_newer_agent"] = { x: 1 };
  broken[0] = JSON.stringify(withUnknown);
  const path = testInfo.outputPath("broken.log");
  writeFileSync(path, broken.join("\n"));
  await openWithoutAgent(page, stack);
  await page.getByLabel("Open log file").setInputFiles(path);
  const source = page.getByRole("region", { name: "File source" });
  await expect(source.getByRole("status")).toContainText("32 events read");
  await expect(dashboard.rows).toHaveCount(32);
  expect(await dashboard.columnTexts(0)).toEqual(times.map(clockOf));
  // One warning line: the unknown field by name, the older kind with its count, line 5.
  const warnings = page.getByLabel("Log reading warnings");
  await expect(warnings).toContainText("tolerated unknown fields: a_field_from_a_newer_agent (1)");
  await expect(warnings).toContainText("skipped older kinds: process_connect (1)");
  await expect(warnings).toContainText("1 line not events (first: line 5: not valid JSON");
  // Every line that gave no event, by number.
  await source.getByText("2 lines gave no event").click();
  const list = source.getByRole("list", { name: "Lines not read" });
  await expect(list.getByRole("listitem")).toHaveText([
    /^line 5: not valid JSON/,
    /^line 10: process_connect: an older Tetragon event kind/,
  ]);
});

test("the JSONL Export of a filtered view reads back identically", async ({
  page,
  stack,
  dashboard,
  browser,
}, testInfo) => {
  const path = testInfo.outputPath("real-events.jsonl");
  writeFileSync(path, lines.join("\n") + "\n");
  await openWithoutAgent(page, stack);
  await page.getByLabel("Open log file").setInputFiles(path);
  await expect(dashboard.rows).toHaveCount(32);
  await dashboard.filter("Event type").fill("kprobe");
  await expect.poll(() => dashboard.counterValue("Shown")).toBeLessThan(32);
  const shown = await dashboard.counterValue("Shown");
  expect(shown).toBeGreaterThan(0);
  const exportJsonl = async (p: Page): Promise<string> => {
    await p.getByRole("button", { name: "Export", exact: true }).click();
    const download = p.waitForEvent("download");
    await p.getByRole("button", { name: "JSONL (raw events)" }).click();
    return readFileSync(await (await download).path(), "utf8");
  };
  const exported = await exportJsonl(page);
  expect(exported.trimEnd().split("\n")).toHaveLength(shown);
  const exportPath = testInfo.outputPath("exported.jsonl");
  writeFileSync(exportPath, exported);

  // A fresh browser context has its own ingest worker and buffer: only the exported file.
  const context = await browser.newContext({ timezoneId: "UTC" });
  try {
    const other = await context.newPage();
    await other.goto(stack.gateway.url);
    await other.getByLabel("Open log file").setInputFiles(exportPath);
    await expect(other.getByRole("region", { name: "File source" })).toContainText(
      `${String(shown)} events read`,
    );
    await expect(other.getByLabel("Log reading warnings")).toHaveCount(0);
    expect(await exportJsonl(other)).toBe(exported);
  } finally {
    await context.close();
  }
});
