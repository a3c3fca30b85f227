/**
 * Follow a process on the seeded demo: the healthcheck probe runs `sh -c "curl …"` through the
 * container's runtime shim, and curl makes a tcp_connect. Follow process on a curl exec shows
 * its parent sh and curl's own events with the kprobe; clicking sh selects sh's exec and shows
 * curl among its children; an exit jumps to its exec; pasting an exec_id into Search finds
 * exactly that process's events (and its children's, whose parent exec_id it is). The privilege
 * badges of a setuid tool show in the detail pane.
 */
import type { Page } from "@playwright/test";
import { expect, test, type Dashboard, type Stack } from "./fixtures.js";

/** Opens the dashboard, filters to one binary and type, pauses, selects the oldest row. */
async function selectOldest(
  page: Page,
  stack: Stack,
  dashboard: Dashboard,
  binary: string,
  type: string,
): Promise<void> {
  await page.goto(stack.gateway.url);
  await dashboard.filter("Binary").fill(binary);
  await dashboard.filter("Event type").fill(type);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(0);
  // Pause so the rows hold still under the pointer (the view follows the newest event).
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await dashboard.rows.first().click();
}

test("Follow process on a curl exec shows its parent, its kprobe, and the parent's children", async ({
  page,
  stack,
  dashboard,
}) => {
  // The oldest curl: its shell's exec and its own kprobe and exit are long in the buffer.
  await selectOldest(page, stack, dashboard, "^/usr/bin/curl$", "exec");
  await dashboard.details.getByRole("button", { name: "Follow process", exact: true }).click();

  const tree = page.getByRole("tree", { name: "Process tree" });
  const selected = tree.getByRole("treeitem", { selected: true });
  await expect(selected).toHaveAccessibleName(/^curl \(pid \d+\), exited 0/);
  const curlName = (await selected.getAttribute("aria-label")) ?? "";
  // Its parent is the probe's shell, which holds it as a child in the tree.
  const sh = tree.getByRole("treeitem", { name: /^sh \(pid \d+\)/ });
  await expect(sh.getByRole("treeitem", { name: curlName, exact: true })).toBeVisible();
  const events = page.getByRole("list", { name: "Process events" });
  await expect(events.getByRole("listitem").first()).toContainText("process");
  await expect(events.getByRole("listitem").filter({ hasText: "tcp_connect" })).toHaveCount(1);

  // Clicking the parent selects its exec and centres the tree on it, curl among its children.
  await sh.locator(":scope > div").click();
  await expect(selected).toHaveAccessibleName(/^sh \(pid \d+\)/);
  await expect(dashboard.details.locator("pre")).toContainText('"process_exec"');
  await expect(dashboard.details.locator("pre")).toContainText("/bin/sh");
  await expect(selected.getByRole("treeitem", { name: curlName, exact: true })).toBeVisible();
});

test("an exit jumps to its exec, and Search by its exec_id finds all its events", async ({
  page,
  stack,
  dashboard,
}) => {
  await selectOldest(page, stack, dashboard, "^/usr/bin/curl$", "exit");
  await expect(dashboard.details.locator("pre")).toContainText('"process_exit"');
  const execId = /"exec_id":\s*"([^"]+)"/.exec(
    (await dashboard.details.locator("pre").textContent()) ?? "",
  )?.[1];
  expect(execId).toBeDefined();

  await dashboard.details.getByRole("button", { name: "Go to exec" }).click();
  await expect(dashboard.details.locator("pre")).toContainText('"process_exec"');
  await expect(dashboard.details.locator("pre")).toContainText(execId!);
  await dashboard.details.getByRole("button", { name: "Back to exit" }).click();
  await expect(dashboard.details.locator("pre")).toContainText('"process_exit"');

  // Search by exec_id, all types: curl's exec, its tcp_connect and its exit (it has no child).
  await dashboard.filter("Binary").fill("");
  await dashboard.filter("Event type").fill("");
  await dashboard.filter("Search").fill(execId!);
  const types = async () => (await dashboard.columnTexts(2)).map((t) => t.replace(/^\S+\s*/, ""));
  await expect.poll(types).toEqual(["process", "connect", "exit"]);
});

test("the detail pane shows a setuid tool's privilege badges, worked out in the worker", async ({
  page,
  stack,
  dashboard,
}) => {
  await selectOldest(page, stack, dashboard, "^/usr/bin/sudo$", "exec");
  const badges = dashboard.details.getByRole("list", { name: "Privileges" });
  await expect(badges.getByRole("listitem", { name: /^setuid root: / })).toBeVisible();
});
