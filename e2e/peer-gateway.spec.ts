/**
 * `?gateway=` to another origin, in Chromium with two gateways on two ports: the page served
 * by gateway A (whose own agent is unreachable) streams events from gateway B, because A
 * lists B with --peer-gateway (CSP connect-src) and B lists A's origin with --allowed-origin
 * (exact CORS grant, no credentials). A gateway that does not list A's origin refuses the
 * page's calls (403, no CORS grant): the page never goes Live from it.
 */
import type { Page } from "@playwright/test";
import { startGateway, type Gateway } from "../server/gateway.js";
import { expect, leaveAndClose, test } from "./fixtures.js";

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/**
 * A's port first (a gateway on port 0, closed again), so B can name A's origin; then A on
 * that port naming B. The e2e fixtures restart gateways on a known port the same way.
 */
async function twoGateways(
  agentAddress: string,
  allowA: boolean,
): Promise<{ a: Gateway; b: Gateway }> {
  const probe = await startGateway({ agents: ["127.0.0.1:1"], port: 0, log: () => {} });
  const portA = probe.port;
  await probe.close();
  const originA = `http://127.0.0.1:${String(portA)}`;
  const b = await startGateway({
    agents: [agentAddress],
    port: 0,
    staticDir: "dist",
    allowedOrigins: allowA ? [originA] : [],
    log: () => {},
  });
  const a = await startGateway({
    agents: ["127.0.0.1:1"], // unreachable: every event on the page must come through B
    port: portA,
    staticDir: "dist",
    peerGateways: [`http://127.0.0.1:${String(b.port)}`],
    log: () => {},
  });
  return { a, b };
}

async function watchCsp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations?.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

test("a page from gateway A streams events from gateway B", async ({ page, stack, dashboard }) => {
  const { a, b } = await twoGateways(stack.agent.address, true);
  try {
    await watchCsp(page);
    const response = await page.goto(`${a.url}?gateway=http://127.0.0.1:${String(b.port)}`);
    expect(response?.headers()["content-security-policy"]).toContain(
      `connect-src 'self' http://127.0.0.1:${String(b.port)};`,
    );
    await expect(page.getByRole("status", { name: "Connection" })).toContainText("Live");
    await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);
    await expect.poll(() => b.browserStreams()).toBe(1);
    expect(a.browserStreams()).toBe(0);
    expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  } finally {
    await leaveAndClose(page, a, b);
  }
});

test.describe("a gateway that does not allow A's origin", () => {
  // Chromium reports the refused cross-origin calls on the console.
  test.use({ allowedConsoleErrors: { patterns: [/CORS policy/, /Failed to load resource/] } });

  test("refuses the page's calls: no CORS grant, never Live", async ({ page, stack }) => {
    const { a, b } = await twoGateways(stack.agent.address, false);
    try {
      await page.goto(`${a.url}?gateway=http://127.0.0.1:${String(b.port)}`);
      const status = page.getByRole("status", { name: "Connection" });
      // The browser withholds the refused response: the page sees a failed fetch and retries.
      await expect(status).toContainText(/Reconnecting .*: gateway unavailable: Failed to fetch/);
      await expect(status).not.toContainText("Live");
      expect(b.browserStreams()).toBe(0);
      await expect.poll(() => dashboardRows(page)).toBe(0);
    } finally {
      await leaveAndClose(page, a, b);
    }
  });
});

function dashboardRows(page: Page): Promise<number> {
  return page.getByRole("grid", { name: "Events" }).locator('[role="row"][data-seq]').count();
}
