// Regenerates docs/screenshots/{light,dark}.png (1440 px), narrow.png (390 px),
// process-tree.png and open-log.png. playwright.config.ts only picks this file up with
// SCREENSHOTS=1, so CI never rewrites them:
//   SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "./fixtures.js";

for (const theme of ["light", "dark"] as const) {
  test(`screenshot in ${theme} theme`, async ({ page, stack, dashboard }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(stack.gateway.url);
    await page.getByLabel("Theme").selectOption(theme);
    await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(150);
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await dashboard.rows.filter({ hasText: "tenant-jobs" }).last().click();
    await expect(dashboard.details).toBeVisible();
    await page.screenshot({ path: `docs/screenshots/${theme}.png` });
  });
}

test("screenshot at 390 px", async ({ page, stack, dashboard }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(stack.gateway.url);
  await page.getByLabel("Theme").selectOption("light");
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(150);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(dashboard.rows.first()).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/narrow.png" });
});

test("screenshot of the Agents dialog", async ({ page, stack, dashboard }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(50);
  await page.getByRole("button", { name: "Agents", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Agents" });
  await expect(dialog.getByRole("list", { name: "Tracing policies" })).toBeVisible();
  await expect(dialog.getByRole("list", { name: "Kernel probes" })).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/agents.png" });
});

test("screenshot of the counts strip", async ({ page, stack, dashboard }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(400);
  const top = page.getByRole("region", { name: "Top" });
  await expect
    .poll(() => top.getByRole("list", { name: "Top policies" }).getByRole("button").count())
    .toBeGreaterThan(3);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.screenshot({ path: "docs/screenshots/counts.png" });
});

test("screenshot of the process tree", async ({ page, stack, dashboard }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(stack.gateway.url);
  await page.getByLabel("Theme").selectOption("light");
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(300);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  // A shell from `kubectl exec` reading /etc/shadow: its parent chain and two children.
  await dashboard.filter("Binary").fill("^/bin/cat$");
  await dashboard.filter("Event type").fill("exec");
  await dashboard.rows.filter({ hasText: "/etc/shadow" }).first().click();
  await dashboard.details.getByRole("button", { name: "Follow process", exact: true }).click();
  const tree = page.getByRole("tree", { name: "Process tree" });
  await tree
    .getByRole("treeitem", { name: /^sh \(pid/ })
    .locator(":scope > div")
    .click();
  await expect(tree.getByRole("treeitem", { selected: true })).toHaveAccessibleName(/^sh /);
  await expect(page.getByRole("list", { name: "Process events" })).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/process-tree.png" });
});

// docs/screenshots/open-log.png: the 32 real events of ../shared opened through "Open log…"
// (no agent), with a malformed line and an older kind, so the file row, the "file: NAME"
// bar and its warnings show. Skips when ../shared is absent.
const REAL_EVENTS = fileURLToPath(
  new URL("../../shared/tetragon-api/real-events.jsonl", import.meta.url),
);
test("screenshot of an opened log file", async ({ page, stack, dashboard }, testInfo) => {
  test.skip(!existsSync(REAL_EVENTS), `../shared is absent (${REAL_EVENTS} not found)`);
  const lines = readFileSync(REAL_EVENTS, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  lines.splice(4, 0, '{"process_exec": {"process": ');
  lines.splice(9, 0, '{"process_connect": {"destination_ip": "10.0.0.1"}}');
  const path = testInfo.outputPath("incident.log");
  writeFileSync(path, lines.join("\n"));
  await stack.stopAgent();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(stack.gateway.url);
  await page.getByLabel("Open log file").setInputFiles(path);
  await expect(page.getByRole("region", { name: "File source" })).toContainText("32 events read");
  await page
    .getByRole("region", { name: "File source" })
    .getByText("2 lines gave no event")
    .click();
  await expect(dashboard.rows).toHaveCount(32);
  await page.screenshot({ path: "docs/screenshots/open-log.png" });
});
