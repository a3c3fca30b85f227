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

test("without SharedWorker (some browsers), each tab streams through its own dedicated worker", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, "SharedWorker", { value: undefined });
  });
  await page.goto(stack.gateway.url);
  await expect(page.getByRole("status", { name: "Connection" })).toContainText("Live");
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(20);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
  // The page's worker is a dedicated one: no shared worker serves this origin.
  const cdp = await page.context().browser()!.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send("Target.getTargets")) as unknown as {
    targetInfos: { type: string; url: string }[];
  };
  await cdp.detach();
  const origin = new URL(stack.gateway.url).origin;
  const ours = targetInfos.filter((t) => t.url.startsWith(origin)).map((t) => t.type);
  expect(ours).toContain("worker");
  expect(ours).not.toContain("shared_worker");
});
