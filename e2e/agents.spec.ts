// The Agents dialog against the seeded demo agent through the real gateway: what the gateway
// says of the agent (GetStatus), what the agent says of itself (GetVersion, GetHealth, GetInfo,
// ListTracingPolicies, called by the ingest worker through the gateway's allow-list), and
// clicking a policy filters the table by it (the Policy input).
import { DEMO_AGENT_VERSION } from "../server/demo/agent-info.js";
import { POLICY } from "../server/demo/policies.js";
import { expect, test } from "./fixtures.js";

// Default columns: time, node, type, namespace, pod, binary, arguments, exit, policy, summary.
const POLICY_COLUMN = 8;

test("Agents shows the demo agent's version, health and policies; a policy filters the table", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
  await page.getByRole("button", { name: "Agents", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Agents" });
  await expect(dialog).toBeVisible();
  const card = dialog.getByRole("region", { name: /^Agent / });
  await expect(card).toContainText(stack.agent.address);
  await expect(card).toContainText("connected");
  await expect(card).toContainText(DEMO_AGENT_VERSION);
  await expect(card).toContainText("running");
  const policies = card.getByRole("list", { name: "Tracing policies" });
  const names = Object.values(POLICY);
  for (const name of names) {
    await expect(policies.getByRole("button", { name: `Filter by policy ${name}` })).toBeVisible();
  }
  // The demo serves one policy that failed to load: its error is shown.
  await expect(policies).toContainText("Error:");

  await policies.getByRole("button", { name: `Filter by policy ${POLICY.tcpConnect}` }).click();
  await expect(dialog).toBeHidden();
  await expect(dashboard.filter("Policy")).toHaveValue(`^${POLICY.tcpConnect}$`);
  await expect(page).toHaveURL(/policy=/);
  await expect
    .poll(async () => {
      const texts = await dashboard.columnTexts(POLICY_COLUMN);
      return texts.length > 0 && texts.every((t) => t === POLICY.tcpConnect);
    })
    .toBe(true);
  expect(await dashboard.counterValue("Shown")).toBeLessThan(
    await dashboard.counterValue("Received"),
  );
});

test("an invalid Policy pattern shows an inline error and keeps the previous results", async ({
  page,
  stack,
  dashboard,
}) => {
  await page.goto(`${stack.gateway.url}?policy=${encodeURIComponent(`^${POLICY.tcpConnect}$`)}`);
  const policy = dashboard.filter("Policy");
  await expect(policy).toHaveValue(`^${POLICY.tcpConnect}$`);
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(0);
  await policy.fill("(");
  await expect(policy).toHaveAttribute("aria-invalid", "true");
  const describedBy = await policy.getAttribute("aria-describedby");
  await expect(page.locator(`[id="${describedBy}"]`)).toContainText(/invalid|missing/i);
  // The last valid pattern stays in force.
  expect((await dashboard.columnTexts(POLICY_COLUMN)).every((t) => t === POLICY.tcpConnect)).toBe(
    true,
  );
  await policy.fill("");
  await expect(policy).toHaveAttribute("aria-invalid", "false");
});
