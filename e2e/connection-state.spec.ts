/**
 * Connection state must be truthful when nothing happens: an agent that is up but sends no
 * events (a quiet node, or a filter nothing matches) must show "Live", not "Connecting…"
 * forever (a GetEvents stream with no messages may never deliver its headers).
 */
import { startFakeAgent } from "../server/testing/fake-agent.js";
import { expect, test, gatewayFor, leaveAndClose } from "./fixtures.js";

test("an idle agent (no events at all): the page shows Live and the agent connected", async ({
  page,
  dashboard,
}) => {
  // The gateway flushes GetEvents headers at once (server/http/early-stream-headers.ts);
  // without that, a quiet stream never delivered headers and the page stayed "Connecting…".
  const agent = await startFakeAgent({ events: [] });
  const gateway = await gatewayFor(agent.address);
  try {
    await page.goto(gateway.url);
    await expect.poll(() => agent.openStreams()).toBe(1);
    const status = page.getByRole("status", { name: "Connection" });
    await expect(status).toContainText("Live", { timeout: 10_000 });
    await expect(status).not.toContainText(/Connecting|reconnecting/);
    expect(await dashboard.counterValue("Received")).toBe(0);
  } finally {
    await leaveAndClose(page, gateway, agent);
  }
});
