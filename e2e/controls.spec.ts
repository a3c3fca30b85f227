import { expect, test } from "./fixtures.js";

test("columns can be shown and hidden, and the choice is kept in the URL", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(0);
  const pidHeader = dashboard.grid.getByRole("columnheader", { name: "PID" });
  await expect(pidHeader).toHaveCount(0);
  await page.getByRole("button", { name: "Columns", exact: true }).click();
  await page.getByRole("checkbox", { name: "PID" }).check();
  await page.getByRole("checkbox", { name: "Summary" }).uncheck();
  await expect(pidHeader).toBeVisible();
  await expect(dashboard.grid.getByRole("columnheader", { name: "Summary" })).toHaveCount(0);
  await expect(page).toHaveURL(/cols=[^&]*pid/);
  await page.reload();
  await expect(dashboard.grid.getByRole("columnheader", { name: "PID" })).toBeVisible();
});

test("theme toggle switches the dark class on the page", async ({ page, stack }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(stack.gateway.url);
  const html = page.locator("html");
  await expect(html).not.toHaveClass(/dark/);
  await page.getByLabel("Theme").selectOption("dark");
  await expect(html).toHaveClass(/dark/);
  await page.reload();
  await expect(html).toHaveClass(/dark/);
  await page.getByLabel("Theme").selectOption("system");
  await expect(html).not.toHaveClass(/dark/);
});

test("keyboard: / focuses Search, j/k move the selection", async ({ page, stack, dashboard }) => {
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await dashboard.grid.focus();
  await page.keyboard.press("k");
  const selected = dashboard.grid.locator('[role="row"][aria-selected="true"]');
  await expect(selected).toHaveCount(1);
  const last = await selected.getAttribute("data-seq");
  await page.keyboard.press("k");
  await expect(selected).not.toHaveAttribute("data-seq", last!);
  await page.keyboard.press("j");
  await expect(selected).toHaveAttribute("data-seq", last!);
  await page.keyboard.press("/");
  await expect(dashboard.filter("Search")).toBeFocused();
});
