import { expect, test } from "./fixtures.js";

test("a gap row appears after the agent restarts", async ({ page, stack, dashboard }) => {
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(5);
  await stack.restartAgent();
  // Gap rows are never filtered out: a search nothing matches leaves only them on screen.
  await dashboard.filter("Search").fill("no event contains this text");
  await expect(dashboard.rows).toHaveCount(0);
  const gap = dashboard.grid.locator('[role="row"][data-gap]');
  await expect(gap.first()).toContainText(/Gap: node .+ events may be missing/);
  await expect(gap.first()).toContainText(/→/);
  // Events keep coming after the gap.
  const before = await dashboard.counterValue("Received");
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(before);
});
