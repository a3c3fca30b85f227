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
import { startDemoAgent, type DemoAgent, type DemoAgentOptions } from "../server/demo/agent.js";
import { startGateway, type Gateway, type GatewayOptions } from "../server/gateway.js";

export const SEED = 7;

export interface Stack {
  agent: DemoAgent;
  gateway: Gateway;
  /** Closes the agent and starts a new one on the same port (a restart). */
  restartAgent(): Promise<void>;
  /** Closes the agent only (an outage); `startAgent` brings it back on the same port. */
  stopAgent(): Promise<void>;
  startAgent(): Promise<void>;
  /** Closes the gateway and starts a new one on the same port (the page stays open). */
  restartGateway(): Promise<void>;
}

/**
 * Per-spec overrides of the demo agent (e.g. `replay` of a JSONL file with `speed`/`loop`,
 * `rate`). A replay gets no default `rate`: it keeps the file's pace unless the spec sets one.
 */
export type AgentOverrides = Partial<DemoAgentOptions>;
/** Per-spec overrides of the gateway (e.g. shorter `backoff`). */
export type GatewayOverrides = Partial<Omit<GatewayOptions, "agents" | "port">>;

/**
 * console.error texts a spec expects (e.g. refused connections while the gateway restarts).
 * An object, not a bare array: Playwright reads an array given to an option fixture as
 * `[value, options]`, so `test.use({ allowedConsoleErrors: [/a/, /b/] })` once handed the
 * guard the single RegExp /a/. The bare array does not type-check against this shape.
 */
export interface AllowedConsoleErrors {
  readonly patterns: readonly RegExp[];
}

/** True when a console.error text matches one of the spec's allowed patterns. */
export function isAllowedConsoleError(text: string, allowed: AllowedConsoleErrors): boolean {
  return allowed.patterns.some((re) => re.test(text));
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
  filter(
    name:
      "Pod" | "Namespace" | "Binary" | "Policy" | "Event type" | "Search" | "CEL" | "From" | "To",
  ): Locator {
    return this.page.getByLabel(name, { exact: true });
  }
  counter(label: "Received" | "Shown" | "Evicted" | "Dropped" | "Events/s"): Locator {
    return this.page.locator(`[data-counter="${label}"]`);
  }
  async counterValue(
    label: "Received" | "Shown" | "Evicted" | "Dropped" | "Events/s",
  ): Promise<number> {
    return Number((await this.counter(label).innerText()).replace(/,/g, ""));
  }
  /**
   * Waits for more than `events` received and a screenful of rows drawn (at least 11): only
   * rows on screen are drawn, so the row count alone cannot say how many events arrived.
   */
  async receivedWithRowsShown(events: number): Promise<void> {
    await expect.poll(() => this.counterValue("Received")).toBeGreaterThan(events);
    await expect(this.rows.nth(10)).toBeVisible();
  }
  /**
   * The text of one column over the rendered rows: by column id ("pod", the URL `cols` name;
   * robust to columns added or hidden) or by position among the visible columns.
   */
  async columnTexts(column: number | string): Promise<string[]> {
    return this.rows.evaluateAll(
      (rows, col) =>
        rows.map(
          (r) =>
            (typeof col === "number"
              ? r.querySelectorAll('[role="gridcell"]')[col]
              : r.querySelector(`[role="gridcell"][data-col="${col}"]`)
            )?.textContent ?? "",
        ),
      column,
    );
  }
}

export const test = base.extend<{
  stack: Stack;
  dashboard: Dashboard;
  consoleGuard: undefined;
  agentOptions: AgentOverrides;
  gatewayOptions: GatewayOverrides;
  allowedConsoleErrors: AllowedConsoleErrors;
}>({
  agentOptions: [{}, { option: true }],
  gatewayOptions: [{}, { option: true }],
  allowedConsoleErrors: [{ patterns: [] }, { option: true }],
  stack: async ({ agentOptions, gatewayOptions }, use) => {
    const agentOpts = {
      seed: SEED,
      log: () => {},
      ...(agentOptions.replay === undefined ? { rate: 100 } : {}),
      ...agentOptions,
    };
    let agent: DemoAgent | undefined = await startDemoAgent(agentOpts);
    const port = agent.port;
    let restarts = 0;
    const gatewayOpts = {
      agents: [agent.address],
      staticDir: "dist",
      log: () => {},
      ...gatewayOptions,
    };
    let gateway: Gateway | undefined = await startGateway({ ...gatewayOpts, port: 0 });
    const gatewayPort = gateway.port;
    const startAgent = async () => {
      restarts++;
      agent = await startDemoAgent({ ...agentOpts, seed: agentOpts.seed + restarts, port });
    };
    const stopAgent = async () => {
      const a = agent;
      agent = undefined;
      await a?.close();
    };
    const closeGateway = async () => {
      const g = gateway;
      gateway = undefined;
      await g?.close();
    };
    await use({
      get agent() {
        if (agent === undefined) throw new Error("the agent is stopped");
        return agent;
      },
      get gateway() {
        if (gateway === undefined) throw new Error("the gateway is stopped");
        return gateway;
      },
      async restartAgent() {
        await stopAgent();
        await startAgent();
      },
      stopAgent,
      startAgent,
      async restartGateway() {
        await closeGateway();
        gateway = await startGateway({ ...gatewayOpts, port: gatewayPort });
      },
    });
    await closeGateway();
    await stopAgent();
  },
  consoleGuard: [
    // Depends on `stack` so its check runs before the gateway closes under the open page
    // (a closing server makes Chromium log a failed request, which is not the page's fault).
    async ({ page, stack, allowedConsoleErrors }, use) => {
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      page.on("console", (m: ConsoleMessage) => {
        if (m.type() !== "error") return;
        if (isAllowedConsoleError(m.text(), allowedConsoleErrors)) return;
        problems.push(`console.error: ${m.text()}`);
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

/**
 * For specs that bring their own agent (fake, raw, silent): the real gateway serving dist/
 * in front of it, and the matching teardown. Teardown leaves the page first: a server
 * closing under an open page makes Chromium log a failed request, which is not a page error.
 */
export async function gatewayFor(agentAddress: string): Promise<Gateway> {
  return startGateway({ agents: [agentAddress], port: 0, staticDir: "dist", log: () => {} });
}

export async function leaveAndClose(
  page: Page,
  ...servers: { close(): Promise<void> }[]
): Promise<void> {
  await page.goto("about:blank");
  for (const server of servers) await server.close();
}

export { expect };
