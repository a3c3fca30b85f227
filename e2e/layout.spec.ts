/**
 * Issue 14, problems 9 and 10: narrow screens (390 px: filters behind a button, the detail
 * pane a full-screen sheet with a close button, label chips inside it), Escape closing menus,
 * the `?` shortcut help, and "Jump to latest" below the grid instead of over its last row.
 * (Pod labels listed once and the Raw JSON lines: details.spec.ts.)
 */
import { expect, test } from "./fixtures.js";
import type { Locator } from "@playwright/test";

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (b === null) throw new Error("not laid out");
  return b;
}

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("filters collapse behind a button; details are a full-screen sheet", async ({
    page,
    stack,
    dashboard,
  }) => {
    await page.goto(stack.gateway.url);
    await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(3);
    const search = dashboard.filter("Search");
    // "Filters", or "Filters (active)" while any filter is set.
    const toggle = page.getByRole("button", { name: /^Filters( \(active\))?$/ });
    await expect(search).toBeHidden();
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    // The table gets the screen: the grid starts in the upper quarter (the header holds the
    // counters and seven tools; the filters and the counts strip are folded away).
    expect((await box(dashboard.grid)).y).toBeLessThan(844 / 4);
    await toggle.click();
    await expect(search).toBeVisible();
    await search.fill("zz-no-such-event-zz");
    await toggle.click();
    await expect(search).toBeHidden();
    await expect(toggle).toHaveText("Filters (active)");
    // `/` opens them again, focused.
    await dashboard.grid.focus();
    await page.keyboard.press("/");
    await expect(search).toBeFocused();
    await search.fill("");
    // Events of pods, so the details have label chips.
    await dashboard.filter("Pod").fill(".");
    await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(0);

    await page.getByRole("button", { name: "Pause" }).click();
    await dashboard.rows.last().click();
    const sheet = dashboard.details;
    await expect(sheet).toBeVisible();
    const b = await box(sheet);
    expect(b.x).toBe(0);
    expect(b.width).toBe(390);
    expect(b.height).toBe(844);
    const chips = sheet.getByRole("list", { name: "Pod labels" }).getByRole("listitem");
    await expect(chips.first()).toBeVisible();
    for (const chip of await chips.all()) {
      const c = await box(chip);
      expect(c.x + c.width).toBeLessThanOrEqual(390);
    }
    await sheet.getByRole("button", { name: "Close details" }).click();
    await expect(sheet).toBeHidden();
  });
});

test("Escape closes the Columns and Export menus, not the details behind them", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(3);
  await page.getByRole("button", { name: "Pause" }).click();
  await dashboard.rows.last().click();
  await expect(dashboard.details).toBeVisible();

  const columns = page.getByRole("button", { name: "Columns", exact: true });
  await columns.click();
  const pid = page.getByRole("checkbox", { name: "PID" });
  await pid.focus();
  await page.keyboard.press("Escape");
  await expect(pid).toBeHidden();
  await expect(columns).toBeFocused();
  await expect(dashboard.details).toBeVisible();

  await page.getByRole("button", { name: "Export", exact: true }).click();
  const exportMenu = page.getByRole("group", { name: "Export shown rows" });
  await expect(exportMenu).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(exportMenu).toBeHidden();
  // A click outside closes a menu too.
  await columns.click();
  await expect(pid).toBeVisible();
  await dashboard.grid.click({ position: { x: 5, y: 5 } });
  await expect(pid).toBeHidden();
  // With no menu open, Escape closes the details.
  await page.keyboard.press("Escape");
  await expect(dashboard.details).toBeHidden();
});

test("? opens the keyboard shortcut help; Escape closes it", async ({ page, stack, dashboard }) => {
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(0);
  await dashboard.grid.focus();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  for (const text of [
    "Focus the search field",
    "Select the next event",
    "Select the previous event",
    "Open the selected event's details",
    "Pause or resume the stream",
    "Show these keyboard shortcuts",
  ]) {
    await expect(help).toContainText(text);
  }
  // Keys inside the dialog are its own: Space does not pause the stream behind it.
  await page.keyboard.press(" ");
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
});

test("the header's ? button opens the shortcut help, its close button closes it", async ({
  page,
  stack,
}) => {
  await page.goto(stack.gateway.url);
  // Paused, the header's counters hold still (the button moves while they change width).
  await page.getByRole("button", { name: "Pause" }).click();
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(help).toBeVisible();
  await help.getByRole("button", { name: "Close keyboard shortcuts" }).click();
  await expect(help).toBeHidden();
});

test("Jump to latest sits below the grid, not over its last row", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.setViewportSize({ width: 1280, height: 600 });
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(120);
  await page.getByRole("button", { name: "Pause" }).click();
  await dashboard.grid.evaluate((el) => {
    el.scrollTop = 0;
  });
  const jump = page.getByRole("button", { name: "Jump to latest" });
  await expect(jump).toBeVisible();
  const grid = await box(dashboard.grid);
  expect((await box(jump)).y).toBeGreaterThanOrEqual(grid.y + grid.height);
  await jump.click();
  await expect(jump).toBeHidden();
});
