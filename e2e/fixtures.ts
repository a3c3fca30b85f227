/**
 * Playwright fixtures: a seeded demo agent and the real gateway serving the built dist/,
 * both on 127.0.0.1 port 0, per test. Every test fails on a page error or a console error.
 * Page objects (`dashboard`) give specs role/label locators.
 */
import {
  expect,
  test as base,
  type ConsoleMessage,
  type Locator,
  type Page,
} from "@playwright/test";
import { startDemoAgent, type DemoAgent } from "../server/demo/agent.js";
import { startGateway, type Gateway } from "../server/gateway.js";

export const SEED = 7;

export interface Stack {
  agent: DemoAgent;
  gateway: Gateway;
  /** Closes the agent and starts a new one on the same port (a restart). */
  restartAgent(): Promise<void>;
}

export class Dashboard {
  readonly grid: Locator;
  readonly rows: Locator;
  readonly details: Locator;
  constructor(readonly page: Page) {
    this.grid = page.getByRole("grid", { name: "Events" });
    this.rows = this.grid.locator('[role="row"][data-seq]');
    this.details = page.getByRole("complementary", { name: "Event details" });
  }
  filter(name: "Pod" | "Namespace" | "Binary" | "Event type" | "Search"): Locator {
    return this.page.getByLabel(name, { exact: true });
  }
  counter(label: "Received" | "Shown" | "Evicted" | "Events/s"): Locator {
    return this.page.locator(`[data-counter="${label}"]`);
  }
  async counterValue(label: "Received" | "Shown" | "Evicted" | "Events/s"): Promise<number> {
    return Number((await this.counter(label).innerText()).replace(/,/g, ""));
  }
  /** The text of one column over the rendered rows. */
  async columnTexts(column: number): Promise<string[]> {
    return this.rows.evaluateAll(
      (rows, col) =>
        rows.map((r) => r.querySelectorAll('[role="gridcell"]')[col]?.textContent ?? ""),
      column,
    );
  }
}

export const test = base.extend<{ stack: Stack; dashboard: Dashboard; consoleGuard: undefined }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from the destructuring pattern; this one has none.
  stack: async ({}, use) => {
    let agent = await startDemoAgent({ seed: SEED, rate: 100, log: () => {} });
    const port = agent.port;
    const gateway = await startGateway({
      agents: [agent.address],
      port: 0,
      staticDir: "dist",
      log: () => {},
    });
    await use({
      get agent() {
        return agent;
      },
      gateway,
      async restartAgent() {
        await agent.close();
        agent = await startDemoAgent({ seed: SEED + 1, rate: 100, port, log: () => {} });
      },
    });
    await gateway.close();
    await agent.close();
  },
  consoleGuard: [
    // Depends on `stack` so its check runs before the gateway closes under the open page
    // (a closing server makes Chromium log a failed request, which is not the page's fault).
    async ({ page, stack }, use) => {
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      page.on("console", (m: ConsoleMessage) => {
        if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
      });
      await use(undefined);
      expect(problems, `the page served by ${stack.gateway.url} logged errors`).toEqual([]);
    },
    { auto: true },
  ],
  dashboard: async ({ page }, use) => {
    await use(new Dashboard(page));
  },
});

export { expect };
