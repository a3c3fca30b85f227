/**
 * Issue 14: filters that accept the Type column's names and keep the last valid filter in
 * view, the From/To time window, honest connection state, empty states with a next step, and
 * a ?sel= link to an event that is not buffered.
 */
import { startFakeAgent } from "../server/testing/fake-agent.js";
import { expect, gatewayFor, leaveAndClose, test } from "./fixtures.js";

const TYPE = 2;

test("Event type takes the Type column's names, with completion", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  const type = dashboard.filter("Event type");
  await expect(page.getByRole("combobox", { name: "Event type" })).toBeVisible();
  await type.fill("con");
  await expect(page.locator("datalist option[value='connect']")).toHaveCount(1);
  await type.fill("open,connect");
  await expect(type).toHaveAttribute("aria-invalid", "false");
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(0);
  await expect
    .poll(async () =>
      (await dashboard.columnTexts(TYPE)).every((t) => / (open|connect)$/.test(t.trim())),
    )
    .toBe(true);
  await type.fill("PROCESS_EXEC");
  await expect
    .poll(async () => new Set(await dashboard.columnTexts(TYPE)))
    .toEqual(new Set(["🚀 process"]));
});

test("an invalid value keeps the last valid filter, says so, and moves nothing", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
  await page.getByRole("button", { name: "Pause" }).click();
  const pod = dashboard.filter("Pod");
  await pod.fill("^nothing-is-named-this$");
  await expect(page.getByRole("heading", { name: "No events match the filters" })).toBeVisible();
  const gridBox = await dashboard.grid.boundingBox();
  await pod.fill("^nothing-is-named-this$(");
  await expect(pod).toHaveAttribute("aria-invalid", "true");
  const message = page.locator(`[id="${await pod.getAttribute("aria-describedby")}"]`);
  await expect(message).toContainText("Showing the last valid filter: ^nothing-is-named-this$");
  // The previous valid filter still applies (no rows), and the error moved no layout.
  await expect(page.getByRole("heading", { name: "No events match the filters" })).toBeVisible();
  expect(await dashboard.rows.count()).toBe(0);
  expect(await dashboard.grid.boundingBox()).toEqual(gridBox);
  // The same for the Event type and From inputs.
  for (const [name, bad] of [
    ["Event type", "conect"],
    ["From", "yesterday"],
  ] as const) {
    const input = page.getByLabel(name, { exact: true });
    await input.fill(bad);
    await expect(input).toHaveAttribute("aria-invalid", "true");
    await expect(
      page.locator(`[id="${await input.getAttribute("aria-describedby")}"]`),
    ).toContainText("Showing the last valid filter: none on this field.");
    expect(await dashboard.grid.boundingBox()).toEqual(gridBox);
    await input.fill("");
  }
  // "Clear filters" in the empty state brings the rows back.
  await page
    .getByRole("region", { name: "No events match the filters" })
    .getByRole("button", { name: "Clear filters" })
    .click();
  await expect(pod).toHaveValue("");
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
});

test("From/To narrow the table to a time window and live in the URL", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
  await page.getByRole("button", { name: "Pause" }).click();
  const shown = await dashboard.counterValue("Shown");
  const from = page.getByLabel("From", { exact: true });
  const to = page.getByLabel("To", { exact: true });
  // A window in the past: nothing matches.
  await to.fill("2000-01-01");
  await expect(page.getByRole("heading", { name: "No events match the filters" })).toBeVisible();
  await expect(page).toHaveURL(/[?&]to=2000-01-01/);
  // A window around the events: they all show.
  await to.fill("");
  await from.fill("2000-01-01T00:00Z");
  await expect(page).toHaveURL(/[?&]from=2000-01-01T00%3A00Z/);
  await expect.poll(() => dashboard.counterValue("Shown")).toBeGreaterThanOrEqual(shown);
  // A window that ends before the newest event shown: fewer rows, each at or before it.
  const times = await dashboard.columnTexts(0);
  const cutAt = times[Math.floor(times.length / 2)]!; // "HH:MM:SS.mmm", local time
  const today = await page.evaluate(() => {
    const d = new Date();
    const p = (n: number) => String(n).padStart(2, "0");
    return `${String(d.getFullYear())}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  });
  await from.fill("");
  await to.fill(`${today} ${cutAt}`);
  await expect
    .poll(async () => (await dashboard.columnTexts(0)).every((t) => t <= cutAt))
    .toBe(true);
  await page.reload();
  await expect(to).toHaveValue(`${today} ${cutAt}`);
});

test("127.0.0.1:1 (nothing listening): not Live; the reason in full, a hint that fits", async ({
  page,
}) => {
  const gateway = await gatewayFor("127.0.0.1:1");
  try {
    await page.goto(gateway.url);
    const status = page.getByRole("status", { name: "Connection" });
    await expect(status).toContainText("Gateway up, no agent streaming");
    await expect(status).not.toContainText("Live");
    await status.getByText("Why?").click();
    const why = status.locator("details p");
    await expect(why).toContainText("Tetragon not reachable at 127.0.0.1:1");
    await expect(why).toContainText("ds/tetragon 54321:54321");
    await expect(why).not.toContainText("1:1`");
    // The empty table says why and what to run.
    const empty = page.getByRole("region", { name: "No agent reachable" });
    await expect(empty).toContainText("Tetragon not reachable at 127.0.0.1:1");
    await expect(empty).toContainText("--tetragon HOST:54321");
  } finally {
    await leaveAndClose(page, gateway);
  }
});

test("an agent with no events yet: Live, and the table waits for the first event", async ({
  page,
}) => {
  const agent = await startFakeAgent({ events: [] });
  const gateway = await gatewayFor(agent.address);
  try {
    await page.goto(gateway.url);
    await expect(page.getByRole("status", { name: "Connection" })).toContainText("Live");
    await expect(page.getByRole("heading", { name: "Waiting for the first event" })).toBeVisible();
  } finally {
    await leaveAndClose(page, gateway, agent);
  }
});

test("a ?sel= link to an event not in the buffer says so", async ({ page, stack, dashboard }) => {
  await page.goto(`${stack.gateway.url}/?sel=zzzzzzzzzz`);
  await expect(dashboard.details).toContainText("Event not in the buffer");
  await expect(dashboard.details.getByRole("status")).toContainText("is not among the events");
  await dashboard.details.getByRole("button", { name: "Close details" }).click();
  await expect(dashboard.details).toBeHidden();
});
