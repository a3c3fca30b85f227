// Regenerates docs/screenshots/{light,dark}.png (1440 px), narrow.png (390 px) and
// process-tree.png. playwright.config.ts only picks this file up with SCREENSHOTS=1, so CI
// never rewrites them:
//   SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts
import { expect, test } from "./fixtures.js";

for (const theme of ["light", "dark"] as const) {
  test(`screenshot in ${theme} theme`, async ({ page, stack, dashboard }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(stack.gateway.url);
    await page.getByLabel("Theme").selectOption(theme);
    await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(150);
    await page.getByRole("button", { name: "Pause" }).click();
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

test("screenshot of the process tree", async ({ page, stack, dashboard }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(stack.gateway.url);
  await page.getByLabel("Theme").selectOption("light");
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(300);
  await page.getByRole("button", { name: "Pause" }).click();
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
