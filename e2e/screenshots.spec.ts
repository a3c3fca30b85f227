// Regenerates docs/screenshots/{light,dark}.png. playwright.config.ts only picks this file up
// with SCREENSHOTS=1, so CI never rewrites them:
//   SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts
import { expect, test } from "./fixtures.js";

for (const theme of ["light", "dark"] as const) {
  test(`screenshot in ${theme} theme`, async ({ page, stack, dashboard }) => {
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.goto(stack.gateway.url);
    await page.getByLabel("Theme").selectOption(theme);
    await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(150);
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await dashboard.rows.filter({ hasText: "tenant-jobs" }).last().click();
    await expect(dashboard.details).toBeVisible();
    await page.screenshot({ path: `docs/screenshots/${theme}.png` });
  });
}

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
