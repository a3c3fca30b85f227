/**
 * The page against the real gateway in --kube mode over the fake Kubernetes API server:
 * 3 pods with gRPC on TCP (port-forward) and 2 unix-socket-only pods (`tetra getevents` over
 * exec). Events of all 5 nodes appear; the Node column shows them and filtering on a node
 * keeps only its rows; a pod replaced on its node leaves a gap row for that node; the agents
 * list names each node's pod and transport.
 */
import { expect, test as base, type ConsoleMessage, type Page } from "@playwright/test";
import { type KubeStack, startKubeStack } from "../server/testing/fake-kube/kube-stack.js";
import { Dashboard } from "./fixtures.js";

const nodes = [
  { node: "node-a", kind: "tcp" as const },
  { node: "node-b", kind: "tcp" as const },
  { node: "node-c", kind: "tcp" as const },
  { node: "node-d", kind: "unix" as const },
  { node: "node-e", kind: "unix" as const },
];
const NODE_COLUMN = 1;

const test = base.extend<{ kube: KubeStack; dashboard: Dashboard }>({
  kube: async ({ page }, use) => {
    const stack = await startKubeStack({ nodes, rate: 20, seed: 7 }, { staticDir: "dist" });
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m: ConsoleMessage) => {
      if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
    });
    await use(stack);
    await page.goto("about:blank");
    await stack.close();
    expect(problems, "the page logged errors").toEqual([]);
  },
  dashboard: async ({ page }, use) => {
    await use(new Dashboard(page));
  },
});

/** Opens the page and waits until rows of all 5 nodes are on screen. */
async function openWithAllNodes(page: Page, kube: KubeStack, dashboard: Dashboard): Promise<void> {
  await page.goto(kube.gateway.url);
  await expect
    .poll(async () => new Set(await dashboard.columnTexts(NODE_COLUMN)).size, { timeout: 20_000 })
    .toBe(5);
}

test("events from 5 nodes through --kube: Node column, node filter, agents by pod and transport", async ({
  page,
  kube,
  dashboard,
}) => {
  await openWithAllNodes(page, kube, dashboard);
  expect([...new Set(await dashboard.columnTexts(NODE_COLUMN))].sort()).toEqual(
    nodes.map((n) => n.node),
  );

  // Filtering on a node (the search matches the Node column) keeps only that node's rows.
  await dashboard.filter("Search").fill("node-d");
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(0);
  await expect
    .poll(async () => [...new Set(await dashboard.columnTexts(NODE_COLUMN))])
    .toEqual(["node-d"]);
  await dashboard.filter("Search").fill("");

  const agents = page.getByRole("list", { name: "Agents" });
  for (const { node, kind } of nodes) {
    const pod = kube.cluster.podOnNode(node)!.metadata.name;
    await expect(agents).toContainText(
      `${node} [pod ${pod} via ${kind === "tcp" ? "port-forward" : "exec"}]: connected`,
    );
  }
});

test("a pod replaced on its node shows a gap row for that node, then its events again", async ({
  page,
  kube,
  dashboard,
}) => {
  await openWithAllNodes(page, kube, dashboard);
  await kube.cluster.replacePod("node-b");
  const fresh = kube.cluster.podOnNode("node-b")!.metadata.name;
  // Gap rows are never filtered out: a search nothing matches leaves only them on screen.
  await dashboard.filter("Search").fill("no event contains this text");
  const gap = dashboard.grid.locator('[role="row"][data-gap]');
  await expect(gap.first()).toContainText(/Gap: node node-b, .+ events may be missing/, {
    timeout: 20_000,
  });
  await expect(gap).toHaveCount(1);
  await expect(page.getByRole("list", { name: "Agents" })).toContainText(
    `node-b [pod ${fresh} via port-forward]: connected`,
  );
  await dashboard.filter("Search").fill("node-b");
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(0);
});
