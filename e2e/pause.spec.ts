import { expect, test } from "./fixtures.js";

test("pause keeps receiving, shows N new, and resume shows them", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.counterValue("Shown")).toBeGreaterThan(5);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  const newCount = page.getByText(/^\d[\d,]* new$/);
  await expect(newCount).toBeVisible();
  const shownWhilePaused = await dashboard.counterValue("Shown");
  await expect
    .poll(async () => Number((await newCount.innerText()).replace(/\D/g, "")))
    .toBeGreaterThan(5);
  expect(await dashboard.counterValue("Shown")).toBe(shownWhilePaused);
  await page.getByRole("button", { name: "Resume", exact: true }).click();
  await expect(newCount).toBeHidden();
  await expect.poll(() => dashboard.counterValue("Shown")).toBeGreaterThan(shownWhilePaused + 5);
  // Space toggles pause when not typing.
  await dashboard.grid.focus();
  await page.keyboard.press(" ");
  await expect(page.getByRole("button", { name: "Resume", exact: true })).toBeVisible();
});

test("clear empties the table", async ({ page, stack, dashboard }) => {
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.getByRole("button", { name: "Clear", exact: true }).click();
  await expect(dashboard.rows).toHaveCount(0);
});
