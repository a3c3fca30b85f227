/**
 * The agent filter end to end (real gateway, demo agent applying Tetragon's allow/deny
 * semantics, Debian Chromium): applied from the panel it restarts the worker's one stream,
 * the page then receives only what it lets through while the buffer keeps the older events
 * behind a marker row; every tab shows it and keeps it in its URL (the last applied wins);
 * CEL filters the table in the worker; the copied tetra command is the exact command line.
 */
import type { Page } from "@playwright/test";
import { expect, test, type Dashboard } from "./fixtures.js";

// Default columns: time, node, type, namespace, pod, binary, ...
const NAMESPACE = 3;
const POD = 4;
const BINARY = 5;

async function someValue(dashboard: Dashboard, column: number): Promise<string> {
  await expect
    .poll(async () => (await dashboard.columnTexts(column)).some((v) => v !== ""))
    .toBe(true);
  return (await dashboard.columnTexts(column)).find((v) => v !== "")!;
}

async function applyAllowFilter(page: Page, fields: Record<string, string>): Promise<void> {
  await page.getByRole("button", { name: "Agent filter", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Agent filter" });
  await dialog.getByRole("button", { name: "Add allow filter" }).click();
  for (const [label, value] of Object.entries(fields)) {
    await dialog.getByLabel(`Allow 1 ${label}`, { exact: true }).fill(value);
  }
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog).toBeHidden();
}

// Many steps each: room for a loaded machine (nothing here waits on time, only on states).
test.describe.configure({ timeout: 240_000 });

const inForce = (page: Page) => page.getByRole("status", { name: "Agent filter in force" });

test("a pod filter at the agent cuts what the page receives; the buffer keeps older events", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  // Enough events to hold several pods.
  await dashboard.receivedWithRowsShown(30);
  const pods = new Set((await dashboard.columnTexts(POD)).filter((p) => p !== ""));
  expect(pods.size).toBeGreaterThan(1);
  const pod = [...pods][0]!;
  const receivedBefore = await dashboard.counterValue("Received");

  await applyAllowFilter(page, { Pod: `^${pod}$` });
  await expect(inForce(page)).toContainText(`allow pod_regex ^${pod}$`);
  await expect(page).toHaveURL(/[?&]af=1\./);
  await expect(page.locator('[data-note="agent-filter"]')).toContainText("Agent filter changed");

  // New events keep arriving (Received is not reset: the buffer and its counts stay)...
  const receivedAtApply = await dashboard.counterValue("Received");
  expect(receivedAtApply).toBeGreaterThanOrEqual(receivedBefore);
  await expect
    .poll(() => dashboard.counterValue("Received"), { timeout: 30_000 })
    .toBeGreaterThan(receivedAtApply + 5);
  // ...and every event of another pod is older than the marker: hide the pod in the view,
  // and the marker is the last row, with the older events of other pods above it.
  await dashboard.filter("Pod").fill(`!^${pod}$`);
  await expect
    .poll(async () => {
      const rows = page
        .getByRole("grid", { name: "Events" })
        .locator('[role="row"][aria-rowindex]');
      const last = rows.last();
      return {
        lastIsNote: (await last.getAttribute("data-note")) === "agent-filter",
        olderEvents: (await dashboard.rows.count()) > 0,
      };
    })
    .toEqual({ lastIsNote: true, olderEvents: true });
  const otherPods = new Set((await dashboard.columnTexts(POD)).filter((p) => p !== ""));
  expect(otherPods.has(pod)).toBe(false);
  expect(otherPods.size).toBeGreaterThan(0);

  // A reload keeps it (the URL), without a second restart: the filter is already in force.
  await page.reload();
  await expect(inForce(page)).toContainText(`allow pod_regex ^${pod}$`);
});

test("tabs share one agent filter: the last applied wins, every tab shows it and keeps it in its URL", async ({
  page,
  context,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  const other = await context.newPage();
  await other.goto(stack.gateway.url);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
  const pod = await someValue(dashboard, POD);

  await applyAllowFilter(page, { Pod: `^${pod}$` });
  await expect(inForce(other)).toContainText(`allow pod_regex ^${pod}$`);
  await expect(other).toHaveURL(/[?&]af=1\./);

  // The other tab applies presets on top: both tabs now show the combined filter.
  await other.getByRole("button", { name: "Agent filter", exact: true }).click();
  const dialog = other.getByRole("dialog", { name: "Agent filter" });
  await dialog.getByRole("button", { name: "Hide kube-system" }).click();
  await dialog.getByRole("button", { name: "Hide health checks" }).click();
  await dialog.getByRole("button", { name: "Apply" }).click();
  for (const p of [page, other]) {
    await expect(inForce(p)).toContainText(
      `allow pod_regex ^${pod}$ · deny (namespace kube-system) or (health_check true)`,
    );
  }
  expect(new URL(page.url()).searchParams.get("af")).toBe(
    new URL(other.url()).searchParams.get("af"),
  );
  await other.close();
});

test("Hide this pod at the agent, from the detail pane", async ({ page, stack, dashboard }) => {
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
  const pod = await someValue(dashboard, POD);
  await dashboard.filter("Pod").fill(`^${pod}$`);
  await expect.poll(async () => new Set(await dashboard.columnTexts(POD))).toEqual(new Set([pod]));
  await dashboard.rows.first().click();
  await dashboard.details.getByRole("button", { name: "Hide this pod at the agent" }).click();
  await expect(inForce(page)).toContainText("deny pod_regex ^");
  await expect(inForce(page)).toContainText(pod.split("-")[0]!);
  await expect(page).toHaveURL(/[?&]af=1\./);
});

test("CEL filters the table in the worker, with errors inline", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  // Enough events to hold several binaries.
  await dashboard.receivedWithRowsShown(30);
  const binary = await someValue(dashboard, BINARY);
  const cel = dashboard.filter("CEL");
  await cel.fill(`process_exec.process.binary == '${binary}'`);
  await expect
    .poll(async () => {
      const bins = await dashboard.columnTexts(BINARY);
      return bins.length > 0 && bins.every((b) => b === binary);
    })
    .toBe(true);
  expect(await dashboard.counterValue("Shown")).toBeLessThan(
    await dashboard.counterValue("Received"),
  );
  await expect(page).toHaveURL(/[?&]cel=/);

  await cel.fill("process_exec.process.no_such_field == 1");
  await expect(cel).toHaveAttribute("aria-invalid", "true");
  const describedBy = await cel.getAttribute("aria-describedby");
  await expect(page.locator(`[id="${describedBy}"]`)).toContainText("no_such_field");
  // The rows of the last valid expression stay.
  expect((await dashboard.columnTexts(BINARY)).every((b) => b === binary)).toBe(true);
});

test("Copy as tetra command: pod, namespace, binary and event set", async ({
  page,
  context,
  stack,
  dashboard,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
  const namespace = await someValue(dashboard, NAMESPACE);
  await applyAllowFilter(page, {
    Pod: "^xwing$",
    Namespace: namespace,
    "Event types": "exec, kprobe",
  });
  await dashboard.filter("Binary").fill("^/usr/bin/curl$");
  await page.getByRole("button", { name: "Agent filter", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Agent filter" });
  await dialog.getByRole("button", { name: "Copy as tetra command" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Command copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(
    `tetra getevents -o compact --event-types=PROCESS_EXEC --event-types=PROCESS_KPROBE --namespace=${namespace} '--pod=^xwing$' '--process=^/usr/bin/curl$'`,
  );
  await expect(dialog.getByRole("list", { name: "No tetra flag for" })).toHaveCount(0);

  await dialog.getByRole("button", { name: "Copy as GetEventsRequest JSON" }).click();
  await expect(dialog.getByRole("status")).toHaveText("GetEventsRequest JSON copied");
  const json = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as unknown;
  expect(json).toEqual({
    allowList: [
      {
        eventSet: ["PROCESS_EXEC", "PROCESS_KPROBE"],
        namespace: [namespace],
        podRegex: ["^xwing$"],
      },
    ],
  });
});

test("the agent filter's code loads only when the tab needs it, and the first click opens it", async ({
  page,
  stack,
  dashboard,
}) => {
  // Held by every open tab, that code (RE2, CEL, the protobuf schemas) cost ~2 MB of heap.
  const loaded: string[] = [];
  page.on("request", (r) => {
    loaded.push(new URL(r.url()).pathname);
  });
  const agentFilterCode = (paths: string[]) =>
    paths.filter((p) => /\/assets\/(AgentFilterPanel|filter-values)-/.test(p));
  await page.goto(stack.gateway.url);
  await expect(dashboard.rows.first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Top" })).toBeVisible();
  expect(agentFilterCode(loaded)).toEqual([]);

  await page.getByRole("button", { name: "Agent filter", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Agent filter" });
  await expect(dialog.getByRole("button", { name: "Add allow filter" })).toBeVisible();
  expect(agentFilterCode(loaded)).toHaveLength(2);
});
