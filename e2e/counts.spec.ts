// The counts strip against the seeded demo: "Event rate" (uPlot on a canvas, under the strict
// CSP: the console guard fails the test on any CSP report) and "Top" (counted by the ingest
// worker over the tab's filter); clicking a Top bar filters the table.
import { expect, test } from "./fixtures.js";

// Default columns: time, node, type, namespace, pod, binary, arguments, exit, policy, summary.
const NAMESPACE = 3;

test("the Event rate and Top regions render, and a Top bar filters", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  const rate = page.getByRole("region", { name: "Event rate" });
  await expect(rate.locator("canvas")).toBeVisible();
  await expect(rate).toContainText(/events\/s in the last \d+ s/);
  const top = page.getByRole("region", { name: "Top" });
  const namespaces = top.getByRole("list", { name: "Top namespaces" });
  await expect.poll(() => namespaces.getByRole("button").count()).toBeGreaterThan(1);
  for (const name of ["Top binaries", "Top pods", "Top policies"]) {
    await expect(top.getByRole("list", { name })).toBeVisible();
  }

  // Click the second namespace (whichever it is by then: the counts move with the stream).
  // The filter gets exactly that value, the table narrows to it, and Top follows the filter.
  const listed = (await namespaces.getByRole("button").allTextContents()).join("\n");
  await namespaces.getByRole("button").nth(1).click();
  await expect(dashboard.filter("Namespace")).toHaveValue(/^\^.+\$$/);
  const pattern = await dashboard.filter("Namespace").inputValue();
  const namespace = pattern.slice(1, -1).replace(/\\(.)/g, "$1");
  expect(listed).toContain(namespace);
  await expect
    .poll(async () => {
      const texts = await dashboard.columnTexts(NAMESPACE);
      return texts.length > 0 && texts.every((t) => t === namespace);
    })
    .toBe(true);
  await expect
    .poll(async () => namespaces.getByRole("button").allTextContents())
    .toEqual([expect.stringContaining(namespace)]);
});

test("the strip collapses, stays collapsed after a reload, and opens again", async ({
  page,
  stack,
}) => {
  await page.goto(stack.gateway.url);
  const toggle = page.getByRole("button", { name: "Counts" });
  await expect(page.getByRole("region", { name: "Top" })).toBeVisible();
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("region", { name: "Top" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("button", { name: "Counts" })).toHaveAttribute(
    "aria-expanded",
    "false",
  );
  await page.getByRole("button", { name: "Counts" }).click();
  await expect(page.getByRole("region", { name: "Top" }).getByRole("list").first()).toBeVisible();
});
