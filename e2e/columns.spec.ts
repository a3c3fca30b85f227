/**
 * Readable columns on the 32 real Tetragon events of ../shared (issue 14, problems 1 and 2):
 * the last column takes the free width (and more when a column is hidden), columns resize by
 * drag and keyboard and keep their widths over a reload, a double-click on a header's edge
 * fits the column to the rows on screen, a cut cell carries its full value as its title, the
 * Function column names the hooked function, and pod names are cut in the middle so the
 * replica suffix stays visible. Skips, saying why, when ../shared is absent.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "@playwright/test";
import { expect, test as base, type Dashboard } from "./fixtures.js";

const REAL = fileURLToPath(new URL("../../shared/tetragon-api/real-events.jsonl", import.meta.url));
const present = existsSync(REAL);
if (!present) console.warn(`columns.spec: skipped: ${REAL} not found (../shared is absent)`);

const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from the destructuring pattern; this one has none.
  agentOptions: async ({}, use) => {
    await use({ replay: REAL });
  },
});
test.use({ viewport: { width: 1440, height: 900 }, timezoneId: "UTC" });
test.skip(!present, `../shared is absent (${REAL} not found)`);

/** The page with all 32 events received. */
async function openAll(page: Page, url: string, dashboard: Dashboard) {
  await page.goto(url);
  await expect.poll(() => dashboard.counterValue("Received")).toBe(32);
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (b === null) throw new Error("not laid out");
  return b;
}

test("the last column fills the row and grows when a column is hidden", async ({
  page,
  stack,
  dashboard,
}) => {
  await openAll(page, stack.gateway.url, dashboard);
  const summary = dashboard.grid.getByRole("columnheader", { name: "Summary" });
  // The grid's visible width (without a vertical scrollbar's gutter).
  const gridRight = await dashboard.grid.evaluate(
    (el) => el.getBoundingClientRect().left + el.clientWidth,
  );
  const before = await box(summary);
  expect(before.x + before.width).toBeCloseTo(gridRight, 0);
  await page.getByRole("button", { name: "Columns", exact: true }).click();
  await page.getByRole("checkbox", { name: "Policy" }).uncheck();
  await page.keyboard.press("Escape");
  await expect.poll(async () => (await box(summary)).width).toBeGreaterThan(before.width + 50);
  const after = await box(summary);
  expect(after.x + after.width).toBeCloseTo(gridRight, 0);
});

test("columns resize by drag and by keyboard, and keep their widths over a reload", async ({
  page,
  stack,
  dashboard,
}) => {
  await openAll(page, stack.gateway.url, dashboard);
  const binary = dashboard.grid.getByRole("columnheader", { name: "Binary" });
  const start = (await box(binary)).width;
  const handle = dashboard.grid.getByRole("separator", { name: "Resize Binary" });
  const h = await box(handle);
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await page.mouse.down();
  await page.mouse.move(h.x + h.width / 2 + 120, h.y + h.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await box(binary)).width).toBeGreaterThan(start + 100);
  const dragged = (await box(binary)).width;
  // Cells follow their header.
  const cell = dashboard.rows.first().locator('[data-col="binary"]');
  expect((await box(cell)).width).toBeCloseTo(dragged, 0);

  await handle.focus();
  await page.keyboard.press("ArrowLeft");
  await expect.poll(async () => (await box(binary)).width).toBeLessThan(dragged);
  const keyed = (await box(binary)).width;

  await page.reload();
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(0);
  await expect.poll(async () => (await box(binary)).width).toBeCloseTo(keyed, 0);
});

test("double-click on a header's edge fits the column; a cut cell shows its full value as title", async ({
  page,
  stack,
  dashboard,
}) => {
  await openAll(page, stack.gateway.url, dashboard);
  const args = dashboard.rows.locator('[data-col="args"]');
  // Some arguments do not fit the default width: cut, with the whole value as the title
  // (a cell also caps its text at 512 characters, "… (N more)"; the title does not).
  const cut = await args.evaluateAll((cells) =>
    cells
      .filter((c) => c.scrollWidth > c.clientWidth)
      .map((c) => ({ text: c.textContent, title: c.getAttribute("title") ?? "" })),
  );
  expect(cut.length).toBeGreaterThan(0);
  for (const c of cut) {
    expect(c.title.length).toBeGreaterThanOrEqual(c.text.length - 20);
    expect(c.title.startsWith(c.text.replace(/… \(\d+ more\)$/, ""))).toBe(true);
  }

  // Narrow Binary, then fit it: no binary on screen is cut any more (nor much wider).
  const binaryHandle = dashboard.grid.getByRole("separator", { name: "Resize Binary" });
  await binaryHandle.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowLeft");
  const binaries = dashboard.rows.locator('[data-col="binary"]');
  const cutCount = () =>
    binaries.evaluateAll(
      (cells) =>
        cells.filter((c) =>
          [c, ...c.querySelectorAll("span")].some((e) => e.scrollWidth > e.clientWidth),
        ).length,
    );
  await expect.poll(cutCount).toBeGreaterThan(0);
  await binaryHandle.dblclick();
  await expect.poll(cutCount).toBe(0);
});

test("the Function column names the hook and the Summary leads with what differs", async ({
  page,
  stack,
  dashboard,
}) => {
  await openAll(page, stack.gateway.url, dashboard);
  // Its rows on screen (only rows in view are drawn): the write event's namespace.
  await dashboard.filter("Namespace").fill("tenant-jobs");
  const write = dashboard.rows.filter({
    has: page.locator('[data-col="function"]', { hasText: "__x64_sys_write" }),
  });
  await expect(write).toHaveCount(1);
  const summary = write.locator('[data-col="summary"]');
  // tetra's line is "write ns/pod binary <path> <n> bytes": the path comes first here.
  await expect(summary).toHaveText(/^etc\/passwd \d+ bytes · write tenant-jobs\//);
  await expect(summary).toHaveAttribute("title", /^write\s+tenant-jobs\//);
});

test("pod names are cut in the middle: the replica suffix stays visible", async ({
  page,
  stack,
  dashboard,
}) => {
  await openAll(page, stack.gateway.url, dashboard);
  // Only rows in view are drawn: keep the ReplicaSet's pods on screen.
  await dashboard.filter("Pod").fill("elasticsearch");
  await expect(dashboard.rows.first()).toContainText("elasticsearch");
  const handle = dashboard.grid.getByRole("separator", { name: "Resize Pod" });
  await handle.focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowLeft");
  await expect
    .poll(async () => (await box(dashboard.grid.getByRole("columnheader", { name: "Pod" }))).width)
    .toBeLessThan(110);
  const pods = await dashboard.rows.locator('[data-col="pod"]').evaluateAll((cells) =>
    cells
      .filter((c) => c.textContent.startsWith("elasticsearch-56f8fc6988-"))
      .map((c) => {
        const cell = c.getBoundingClientRect();
        const parts = c.querySelectorAll("span > span");
        const head = parts[0] as HTMLElement;
        const tail = parts[1] as HTMLElement;
        const t = tail.getBoundingClientRect();
        return {
          title: c.getAttribute("title"),
          tail: tail.textContent,
          headCut: head.scrollWidth > head.clientWidth,
          tailShown: t.left >= cell.left && t.right <= cell.right + 0.5,
        };
      }),
  );
  expect(pods.length).toBeGreaterThan(2);
  for (const p of pods) {
    expect(p.headCut).toBe(true);
    expect(p.tailShown).toBe(true);
    expect(p.title?.endsWith(p.tail)).toBe(true);
  }
  // Different pods of one ReplicaSet read differently.
  expect(new Set(pods.map((p) => p.tail)).size).toBeGreaterThan(1);
});
