import { expect, test } from "./fixtures.js";

test("events stream in and the connection shows live", async ({ page, stack, dashboard }) => {
  await page.goto(stack.gateway.url);
  await expect(page.getByRole("heading", { name: /Tetragon events/ })).toBeVisible();
  await expect(page.getByRole("status", { name: "Connection" })).toContainText("Live");
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(20);
  // Every kind the demo agent emits renders a type badge; nothing renders blank.
  const types = await dashboard.columnTexts(2);
  expect(types.every((t) => t.trim() !== "")).toBe(true);
});
