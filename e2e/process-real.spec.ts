/**
 * Follow a process on the 32 real Tetragon events of ../shared, replayed once by the demo
 * agent through the real gateway: `sh lifecycle.sh` (line 7) started `cat` (line 4, with a
 * __x64_sys_read kprobe on line 6 and an exit on line 5) and `nc` (line 9). The tree shows
 * sh's parent (bash, known only from the events' parent field) and both children; clicking
 * cat selects its exec and lists its kprobe; `p` goes back to sh; the exit jumps to its exec
 * and back; Search by exec_id finds the process's events (and, for a parent, its children's).
 * Skips, saying why, when ../shared is absent.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { expect, test as base, type Dashboard } from "./fixtures.js";

const REAL = fileURLToPath(new URL("../../shared/tetragon-api/real-events.jsonl", import.meta.url));
const present = existsSync(REAL);
if (!present) console.warn(`process-real.spec: skipped: ${REAL} not found (../shared is absent)`);

/** exec_ids of the real events (base64 of "minikube:<ktime>:<pid>"). */
const SH = "bWluaWt1YmU6MzM0OTc2MDUxNjExMTozODMxMg==";
const CAT = "bWluaWt1YmU6MzM0OTc2NjQ2MjgyMjozODMxMw==";

const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from the destructuring pattern; this one has none.
  agentOptions: async ({}, use) => {
    await use({ replay: REAL });
  },
});
test.use({ viewport: { width: 1400, height: 1400 }, timezoneId: "UTC" });
test.skip(!present, `../shared is absent (${REAL} not found)`);

const row = (dashboard: Dashboard, seq: number) =>
  dashboard.grid.locator(`[role="row"][data-seq="${seq}"]`);

async function selectedSeqs(dashboard: Dashboard): Promise<number[]> {
  return dashboard.rows.evaluateAll((rows) =>
    rows
      .filter((r) => r.getAttribute("aria-selected") === "true")
      .map((r) => Number(r.getAttribute("data-seq"))),
  );
}

async function open(page: Page, url: string, dashboard: Dashboard): Promise<void> {
  await page.goto(url);
  await expect.poll(() => dashboard.counterValue("Received")).toBe(32);
  await expect(dashboard.rows).toHaveCount(32);
}

test("Follow process shows sh's parent and children; a node selects cat and its kprobe; p goes back", async ({
  page,
  stack,
  dashboard,
}) => {
  await open(page, stack.gateway.url, dashboard);
  await row(dashboard, 7).click();
  await expect(dashboard.details).toContainText("lifecycle.sh");
  await dashboard.details.getByRole("button", { name: "Follow process", exact: true }).click();

  const tree = page.getByRole("tree", { name: "Process tree" });
  await expect(tree).toBeVisible();
  const item = (name: RegExp) => tree.getByRole("treeitem", { name });
  // The parent is only in the events' parent field: its exec is not in the file.
  await expect(item(/^bash \(pid 24200\)/)).toBeVisible();
  await expect(item(/^sh \(pid 38312\), exited 0/)).toHaveAttribute("aria-selected", "true");
  await expect(item(/^cat \(pid 38313\), exited 0/)).toBeVisible();
  await expect(item(/^nc \(pid 38314\), exited 0/)).toBeVisible();
  // sh's own events: its exec and its exit, in time order.
  const events = page.getByRole("list", { name: "Process events" });
  await expect(events.getByRole("listitem")).toHaveCount(2);

  // Clicking a node selects that process's exec and centres the tree on it.
  await item(/^cat \(pid 38313\)/).click();
  await expect.poll(() => selectedSeqs(dashboard)).toEqual([4]);
  await expect(dashboard.details.locator("pre")).toContainText('"process_exec"');
  await expect(item(/^cat \(pid 38313\)/)).toHaveAttribute("aria-selected", "true");
  await expect(item(/^sh \(pid 38312\)/)).toHaveAttribute("aria-selected", "false");
  await expect(events.getByRole("listitem")).toHaveCount(3);
  await expect(events.getByRole("listitem").nth(1)).toContainText("__x64_sys_read");

  // `p`: the parent of the selected event's process is selected again.
  await page.locator("body").press("p");
  await expect.poll(() => selectedSeqs(dashboard)).toEqual([7]);
  await expect(dashboard.details).toContainText("lifecycle.sh");
  await expect(item(/^sh \(pid 38312\)/)).toHaveAttribute("aria-selected", "true");

  await page.getByRole("button", { name: "Close process tree" }).click();
  await expect(tree).toBeHidden();
});

test("an exit goes to its exec and back", async ({ page, stack, dashboard }) => {
  await open(page, stack.gateway.url, dashboard);
  await row(dashboard, 5).click();
  await expect(dashboard.details.locator("pre")).toContainText('"process_exit"');
  await dashboard.details.getByRole("button", { name: "Go to exec" }).click();
  await expect.poll(() => selectedSeqs(dashboard)).toEqual([4]);
  await expect(dashboard.details.locator("pre")).toContainText('"process_exec"');
  await dashboard.details.getByRole("button", { name: "Back to exit" }).click();
  await expect.poll(() => selectedSeqs(dashboard)).toEqual([5]);
  await expect(dashboard.details.locator("pre")).toContainText('"process_exit"');
  await expect(dashboard.details.getByRole("button", { name: "Back to exit" })).toBeHidden();
});

test("Search by exec_id finds the process's events, and its children's by parent exec_id", async ({
  page,
  stack,
  dashboard,
}) => {
  await open(page, stack.gateway.url, dashboard);
  const seqs = () =>
    dashboard.rows.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-seq"))));
  await dashboard.filter("Search").fill(CAT);
  // cat's exec, exit and kprobe (lines 4-6), nothing else.
  await expect.poll(seqs).toEqual([4, 5, 6]);
  await dashboard.filter("Search").fill(SH);
  // sh's exec and exit (7, 8), and its children cat (4-6) and nc (9, 10).
  await expect.poll(seqs).toEqual([4, 5, 6, 7, 8, 9, 10]);
});
