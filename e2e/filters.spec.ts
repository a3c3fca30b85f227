import { expect, test } from "./fixtures.js";

// Default columns: time, node, type, namespace, pod, binary, arguments, exit, policy, summary.
const POD = 4;
const BINARY = 5;

test("Pod and Binary filters narrow the rows, and a reload keeps them", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  // Enough events for several pods and binaries.
  await dashboard.receivedWithRowsShown(20);
  // Pick a pod and a binary that really occur, from the stream itself.
  const pods = (await dashboard.columnTexts(POD)).filter((p) => p !== "");
  const pod = pods[0]!;
  await dashboard.filter("Pod").fill(`^${pod}$`);
  await expect.poll(async () => new Set(await dashboard.columnTexts(POD))).toEqual(new Set([pod]));
  const binaries = (await dashboard.columnTexts(BINARY)).filter((b) => b !== "");
  const binary = binaries[0]!;
  await dashboard.filter("Binary").fill(binary);
  await expect
    .poll(async () => {
      const rows = await dashboard.rows.count();
      const pods = await dashboard.columnTexts(POD);
      const bins = await dashboard.columnTexts(BINARY);
      return rows > 0 && pods.every((p) => p === pod) && bins.every((b) => b.includes(binary));
    })
    .toBe(true);
  const shown = await dashboard.counterValue("Shown");
  expect(shown).toBeLessThan(await dashboard.counterValue("Received"));

  await expect(page).toHaveURL(/pod=/);
  await page.reload();
  await expect(dashboard.filter("Pod")).toHaveValue(`^${pod}$`);
  await expect(dashboard.filter("Binary")).toHaveValue(binary);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(0);
  expect((await dashboard.columnTexts(POD)).every((p) => p === pod)).toBe(true);
});

test("an invalid pattern shows an inline error and keeps the previous results", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
  const binary = dashboard.filter("Binary");
  await binary.fill("(");
  await expect(binary).toHaveAttribute("aria-invalid", "true");
  const describedBy = await binary.getAttribute("aria-describedby");
  await expect(page.locator(`[id="${describedBy}"]`)).toContainText(/invalid|missing/i);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
  await binary.fill("");
  await expect(binary).toHaveAttribute("aria-invalid", "false");
});
