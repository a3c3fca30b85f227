import { expect, test } from "./fixtures.js";

test("details show the parent binary, pod labels and the container image", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  await dashboard.filter("Event type").fill("exec");
  await dashboard.filter("Pod").fill(".");
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(0);
  // Pause so the rows hold still under the pointer (the view follows the newest event).
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await dashboard.rows.last().click();
  const details = dashboard.details;
  await expect(details).toBeVisible();
  await expect(details.getByRole("heading", { name: "Parent" })).toBeVisible();
  await expect(
    details.getByRole("list", { name: "Pod labels" }).getByRole("listitem").first(),
  ).toContainText("=");
  // Pod labels once: as chips, not again as "label <key>" rows of the Pod section.
  await expect(details.locator("dt", { hasText: /^label / })).toHaveCount(0);
  await expect(details).toContainText(/image/);
  await expect(details.getByRole("heading", { name: "Raw JSON" })).toBeVisible();
  // Pretty-printed on real lines (not one block with "␊" marks).
  const raw = details.getByRole("region", { name: "Raw JSON" });
  await expect(raw).toContainText('"process_exec"');
  const rawText = await raw.innerText();
  expect(rawText).not.toContain("␊");
  expect(rawText.split("\n").length).toBeGreaterThan(10);
  expect(rawText).toContain('  "process_exec": {');
  // Keyboard: Escape closes, Enter reopens.
  await page.keyboard.press("Escape");
  await expect(details).toBeHidden();
  await page.keyboard.press("Enter");
  await expect(details).toBeVisible();
  // Click-to-filter from the pane.
  await details.getByRole("button", { name: "Only this pod", exact: true }).click();
  await expect(dashboard.filter("Pod")).toHaveValue(/^\^.+\$$/);
  await expect(page).toHaveURL(/pod=/);
  const pod = (await dashboard.filter("Pod").inputValue()).slice(1, -1);
  await page.getByRole("button", { name: "Resume", exact: true }).click();
  await expect.poll(async () => new Set(await dashboard.columnTexts(4))).toEqual(new Set([pod]));
});
