import { afterEach, describe, expect, it } from "vitest";
import { type FakeCluster, startFakeCluster } from "../testing/fake-kube/fake-cluster.js";
import type { AgentPod } from "./agent-pod.js";
import { loadKubeConfig } from "./kube-config.js";
import { type DiscoveryState, PodDiscovery } from "./pod-discovery.js";

const selector = "app.kubernetes.io/name=tetragon";
const fastBackoff = { initialMs: 20, maxMs: 200 };

let cluster: FakeCluster | undefined;
let discovery: PodDiscovery | undefined;
afterEach(async () => {
  discovery?.close();
  await cluster?.close();
  cluster = discovery = undefined;
});

async function follow(nodes: { node: string; kind: "tcp" | "unix" }[]) {
  const c = await startFakeCluster({ nodes, rate: 5 });
  cluster = c;
  const loaded = loadKubeConfig({ env: { KUBECONFIG: c.kubeconfigPath } });
  if ("error" in loaded) throw new Error(loaded.error);
  const pods = new Map<string, AgentPod>();
  const removed: string[] = [];
  const states: DiscoveryState[] = [];
  const d = new PodDiscovery({
    kc: loaded.kc,
    context: { server: loaded.server, namespace: c.namespace, inCluster: false },
    selector,
    onUpsert: (p) => pods.set(p.uid, p),
    onRemove: (p) => {
      pods.delete(p.uid);
      removed.push(p.name);
    },
    onState: (s) => states.push(s),
    log: () => undefined,
    backoff: fastBackoff,
  });
  discovery = d;
  d.start();
  const readyNodes = () =>
    [...pods.values()]
      .filter((p) => p.ready && !p.terminating)
      .map((p) => p.node)
      .sort();
  return { c, d, pods, removed, states, readyNodes };
}

describe("pod discovery against the fake API server", () => {
  it("lists the agent pods, then follows new and deleted pods through the watch", async () => {
    const { c, pods, removed, readyNodes } = await follow([
      { node: "node-a", kind: "tcp" },
      { node: "node-b", kind: "unix" },
    ]);
    await expect.poll(readyNodes).toEqual(["node-a", "node-b"]);
    await c.addPod("node-c", "tcp");
    await expect.poll(readyNodes).toEqual(["node-a", "node-b", "node-c"]);
    const gone = c.podOnNode("node-a")!;
    await c.deletePod(gone.metadata.name);
    await expect.poll(() => removed).toEqual([gone.metadata.name]);
    expect([...pods.values()].map((p) => p.node).sort()).toEqual(["node-b", "node-c"]);
  });

  it("410 Gone after the API server restarts with a compacted history: re-lists, no stale or missing pod", async () => {
    const { c, d, pods, readyNodes } = await follow([
      { node: "node-a", kind: "tcp" },
      { node: "node-b", kind: "tcp" },
    ]);
    await expect.poll(readyNodes).toEqual(["node-a", "node-b"]);
    await c.api.stop();
    // While the API server is away: one pod replaced, one added, then etcd compacts.
    await c.replacePod("node-a");
    await c.addPod("node-c", "unix");
    c.store.compact();
    await c.api.start();
    await expect.poll(readyNodes).toEqual(["node-a", "node-b", "node-c"]);
    expect(d.counts.gone).toBeGreaterThanOrEqual(1);
    // Exactly the pods the API server has: the replaced pod's old uid is gone.
    expect([...pods.keys()].sort()).toEqual(
      c.store
        .list(c.namespace, "")
        .map((p) => p.metadata.uid)
        .sort(),
    );
  });

  it("resumes the watch after the API server restarts (no compaction: no re-list needed)", async () => {
    const { c, d, readyNodes } = await follow([{ node: "node-a", kind: "tcp" }]);
    await expect.poll(readyNodes).toEqual(["node-a"]);
    const listsBefore = d.counts.lists;
    await c.api.stop();
    await c.api.start();
    await c.addPod("node-b", "tcp");
    await expect.poll(readyNodes).toEqual(["node-a", "node-b"]);
    expect(d.counts.lists).toBe(listsBefore);
  });

  it("a 403 on list is one actionable line naming the permission; it clears once granted", async () => {
    const c = await startFakeCluster({ nodes: [{ node: "node-a", kind: "tcp" }], rules: [] });
    cluster = c;
    const loaded = loadKubeConfig({ env: { KUBECONFIG: c.kubeconfigPath } });
    if ("error" in loaded) throw new Error(loaded.error);
    const states: DiscoveryState[] = [];
    const nodes: string[] = [];
    discovery = new PodDiscovery({
      kc: loaded.kc,
      context: { server: loaded.server, namespace: c.namespace, inCluster: false },
      selector,
      onUpsert: (p) => nodes.push(p.node),
      onRemove: () => undefined,
      onState: (s) => states.push(s),
      log: () => undefined,
      backoff: fastBackoff,
    });
    discovery.start();
    await expect
      .poll(() => states.at(-1)?.problem ?? "")
      .toContain("denied list pods in namespace kube-system (403 Forbidden)");
    expect(states.at(-1)?.problem).toContain("kubectl auth can-i list pods -n kube-system");
    c.identity.rules = [{ apiGroups: [""], resources: ["pods"], verbs: ["list", "watch"] }];
    await expect.poll(() => nodes).toContain("node-a");
    await expect.poll(() => states.at(-1)).toEqual({ problem: "", listed: true });
  });
});
