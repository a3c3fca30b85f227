/**
 * Cluster mode end to end over real sockets: the fake Kubernetes API server (HTTPS, bearer
 * token, RBAC, list/watch, exec and port-forward over WebSocket channels), demo agents behind
 * the TCP pods, `tetra getevents -o json` behind the unix-only pods, the real gateway, and a
 * gRPC-Web client reading GetEvents like a browser tab.
 */
import { Code } from "@connectrpc/connect";
import { afterEach, describe, expect, it } from "vitest";
import { EventType } from "../../src/gen/tetragon/events_pb.js";
import {
  AgentState,
  AgentTransport,
  type AgentStatus,
} from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { statusClient, waitFor } from "../testing/fixtures.js";
import { type KubeStack, startKubeStack } from "../testing/fake-kube/kube-stack.js";
import { type Watcher, watch } from "../testing/reliability.js";

let stack: KubeStack | undefined;
let watchers: Watcher[] = [];
afterEach(async () => {
  for (const w of watchers) w.abort();
  watchers = [];
  await stack?.close();
  stack = undefined;
});

const fiveNodes = [
  { node: "node-1", kind: "tcp" as const },
  { node: "node-2", kind: "tcp" as const },
  { node: "node-3", kind: "tcp" as const },
  { node: "node-4", kind: "unix" as const },
  { node: "node-5", kind: "unix" as const },
];

function nodesSeen(w: Watcher, since = 0): Set<string> {
  return new Set(w.got.slice(since).map((e) => e.nodeName));
}

async function agentStatuses(s: KubeStack): Promise<AgentStatus[]> {
  return (await statusClient(s.gateway.url).getStatus({})).agents;
}

function byNode(statuses: AgentStatus[], node: string): AgentStatus | undefined {
  return statuses.find((a) => a.nodeName === node && a.transport !== AgentTransport.DISCOVERY);
}

describe("--kube against the fake API server", () => {
  it("3 TCP + 2 unix-only pods: every node's events arrive; status names pod, transport and why", async () => {
    stack = await startKubeStack({ nodes: fiveNodes, rate: 40 });
    const w = watch(stack.gateway.url);
    watchers.push(w);
    await waitFor(() => nodesSeen(w).size === 5, "events from all 5 nodes");
    expect([...nodesSeen(w)].sort()).toEqual(fiveNodes.map((n) => n.node));

    const statuses = await agentStatuses(stack);
    for (const { node, kind } of fiveNodes) {
      const a = byNode(statuses, node);
      expect(a?.state).toBe(AgentState.CONNECTED);
      expect(a?.pod).toBe(`kube-system/${stack.cluster.podOnNode(node)!.metadata.name}`);
      if (kind === "tcp") {
        expect(a?.transport).toBe(AgentTransport.PORT_FORWARD);
        expect(a?.transportReason).toContain("gRPC on TCP port 54321");
      } else {
        expect(a?.transport).toBe(AgentTransport.EXEC);
        expect(a?.transportReason).toContain("nothing listens on TCP port 54321");
      }
    }
    // Discovery is fine: no extra status line.
    expect(statuses.filter((a) => a.transport === AgentTransport.DISCOVERY)).toEqual([]);
  });

  it("a restarted pod (replaced on its node) leaves one closed gap for that node and streams again", async () => {
    stack = await startKubeStack({ nodes: fiveNodes.slice(0, 2), rate: 40 });
    const w = watch(stack.gateway.url);
    watchers.push(w);
    await waitFor(() => nodesSeen(w).size === 2, "events from both nodes");
    const old = stack.cluster.podOnNode("node-1")!.metadata.name;
    await stack.cluster.replacePod("node-1");
    const fresh = stack.cluster.podOnNode("node-1")!.metadata.name;
    const mark = w.got.length;
    await waitFor(() => nodesSeen(w, mark).has("node-1"), "node-1 events after the restart");
    const s = stack;
    await waitFor(async () => {
      const a = byNode(await agentStatuses(s), "node-1");
      return (
        a?.pod === `kube-system/${fresh}` && a.gaps.length === 1 && a.gaps[0]?.end !== undefined
      );
    }, "node-1's gap closed with the new pod");
    const a = byNode(await agentStatuses(stack), "node-1")!;
    expect(a.gaps[0]!.reason).toMatch(new RegExp(`${old}|node-1`));
    expect(byNode(await agentStatuses(stack), "node-2")?.gaps).toEqual([]);
  });

  it("a container restart in the same pod: gap, then the same pod streams again", async () => {
    stack = await startKubeStack({ nodes: [{ node: "node-1", kind: "tcp" }], rate: 40 });
    const w = watch(stack.gateway.url);
    watchers.push(w);
    await waitFor(() => w.got.length > 0, "first events");
    await stack.cluster.restartContainer(stack.cluster.podOnNode("node-1")!.metadata.name);
    const mark = w.got.length;
    await waitFor(() => w.got.length > mark + 3, "events after the container restart");
    const s = stack;
    await waitFor(async () => {
      const a = byNode(await agentStatuses(s), "node-1");
      return a?.gaps.length === 1 && a.gaps[0]?.end !== undefined;
    }, "a closed gap");
  });

  it("a new pod joining while a browser stream is open streams into it", async () => {
    stack = await startKubeStack({ nodes: fiveNodes.slice(0, 1), rate: 40 });
    const w = watch(stack.gateway.url);
    watchers.push(w);
    await waitFor(() => nodesSeen(w).has("node-1"), "node-1 events");
    await stack.cluster.addPod("node-9", "unix");
    await waitFor(() => nodesSeen(w).has("node-9"), "events of the joining node");
  });

  it("a deleted pod with no replacement: gap for its node, then the node is retired", async () => {
    stack = await startKubeStack(
      { nodes: fiveNodes.slice(0, 2), rate: 40 },
      {},
      { retireAfterMs: 300 },
    );
    const w = watch(stack.gateway.url);
    watchers.push(w);
    await waitFor(() => nodesSeen(w).size === 2, "events from both nodes");
    await stack.cluster.deletePod(stack.cluster.podOnNode("node-2")!.metadata.name);
    const s = stack;
    await waitFor(() => s.gateway.cluster.nodeNames().join() === "node-1", "node-2 retired");
    const a = byNode(await agentStatuses(stack), "node-2")!;
    expect(a.state).toBe(AgentState.STOPPED);
    expect(a.reason).toMatch(/pod tetragon-\w+ is terminating; no new Tetragon pod on node node-2/);
    expect(a.gaps.at(-1)?.end).toBeUndefined();
    const mark = w.got.length;
    await waitFor(() => w.got.length > mark + 3, "node-1 keeps streaming");
    expect(nodesSeen(w, mark)).toEqual(new Set(["node-1"]));
  });

  it("watch 410 Gone → re-list: no duplicate supervisors, nothing dropped", async () => {
    stack = await startKubeStack({ nodes: fiveNodes.slice(0, 3), rate: 20 });
    const s = stack;
    await waitFor(() => s.gateway.agents.list().length === 3, "3 agents");
    await stack.cluster.api.stop();
    await stack.cluster.addPod("node-4", "unix");
    stack.cluster.store.compact();
    await stack.cluster.api.start();
    await waitFor(() => s.gateway.agents.list().length === 4, "the pod added while away");
    expect(s.logs.some((l) => l.includes("410 Gone"))).toBe(true);
    const names = s.gateway.agents.list().map((a) => a.display);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(["node-1", "node-2", "node-3", "node-4"]);
  });

  it("API server restart: open streams through it break and resume; discovery resumes", async () => {
    stack = await startKubeStack({ nodes: fiveNodes.slice(2, 4), rate: 40 });
    const w = watch(stack.gateway.url);
    watchers.push(w);
    await waitFor(() => nodesSeen(w).size === 2, "both nodes");
    await stack.cluster.api.stop();
    await stack.cluster.api.start();
    const mark = w.got.length;
    await waitFor(() => nodesSeen(w, mark).size === 2, "both nodes again after the restart");
    await stack.cluster.addPod("node-7", "tcp");
    await waitFor(() => nodesSeen(w).has("node-7"), "a pod added after the restart");
  });

  it("403 on exec: a clear line for the unix-only pod while TCP pods keep streaming", async () => {
    stack = await startKubeStack({
      nodes: [fiveNodes[0]!, fiveNodes[3]!],
      rate: 40,
      rules: [
        { apiGroups: [""], resources: ["pods"], verbs: ["list", "watch"] },
        { apiGroups: [""], resources: ["pods/portforward"], verbs: ["get", "create"] },
      ],
    });
    const w = watch(stack.gateway.url);
    watchers.push(w);
    await waitFor(() => nodesSeen(w).has("node-1"), "the TCP node streams");
    const s = stack;
    await waitFor(
      async () => (byNode(await agentStatuses(s), "node-4")?.reason ?? "").includes("403"),
      "node-4's reason",
    );
    const reason = byNode(await agentStatuses(stack), "node-4")!.reason;
    expect(reason).toContain("nothing listens on TCP port 54321");
    expect(reason).toContain("denied get pods/exec in namespace kube-system (403 Forbidden)");
    expect(reason).toContain("kubectl auth can-i get pods/exec -n kube-system");
    expect(stack.logs.join("\n")).toContain("403 Forbidden");
    const mark = w.got.length;
    await waitFor(() => w.got.length > mark + 3, "node-1 keeps streaming");
    expect(nodesSeen(w, mark)).toEqual(new Set(["node-1"]));
  });

  it("403 on port-forward but exec allowed: a TCP pod streams over exec and says why", async () => {
    stack = await startKubeStack({
      nodes: [fiveNodes[0]!],
      rate: 40,
      rules: [
        { apiGroups: [""], resources: ["pods"], verbs: ["list", "watch"] },
        { apiGroups: [""], resources: ["pods/exec"], verbs: ["get", "create"] },
      ],
    });
    const w = watch(stack.gateway.url);
    watchers.push(w);
    await waitFor(() => nodesSeen(w).has("node-1"), "node-1 streams");
    const a = byNode(await agentStatuses(stack), "node-1")!;
    expect(a.transport).toBe(AgentTransport.EXEC);
    expect(a.transportReason).toContain("denied get pods/portforward");
  });

  it("exec agents apply the browser's filters at the source, and refuse those tetra cannot express", async () => {
    stack = await startKubeStack({ nodes: [fiveNodes[3]!], rate: 200 });
    const s = stack;
    await waitFor(() => s.gateway.agents.list().length === 1, "the exec agent");
    // Only process_exec: tetra gets --event-types=PROCESS_EXEC, so nothing else arrives.
    const filtered = watch(stack.gateway.url, {
      request: { allowList: [{ eventSet: [EventType.PROCESS_EXEC] }] },
    });
    watchers.push(filtered);
    await waitFor(() => filtered.got.length >= 10, "filtered events");
    expect(new Set(filtered.got.map((e) => e.event.case))).toEqual(new Set(["processExec"]));
    // policy_names too (--policy-names): only that policy's kprobes.
    const byPolicy = watch(stack.gateway.url, {
      request: { allowList: [{ policyNames: ["file-monitoring"] }] },
    });
    watchers.push(byPolicy);
    await waitFor(() => byPolicy.got.length >= 3, "events of one policy");
    for (const e of byPolicy.got) {
      expect(e.event.case === "processKprobe" && e.event.value.policyName).toBe("file-monitoring");
    }
    // A deny list has no tetra flag: the stream is refused with the field named, never widened.
    const refused = watch(stack.gateway.url, {
      request: { denyList: [{ binaryRegex: ["curl"] }], allowList: [{ labels: ["app=x"] }] },
    });
    watchers.push(refused);
    const err = await refused.ended;
    expect(err?.code).toBe(Code.InvalidArgument);
    expect(err?.rawMessage).toContain("deny_list");
    expect(err?.rawMessage).toContain("allow_list[0].labels");
    expect(refused.got).toEqual([]);
  });

  it("exec agents: a flag an older tetra lacks, or a filter the agent refuses, is the browser's error", async () => {
    stack = await startKubeStack({ nodes: [fiveNodes[3]!], rate: 200, tetraVersion: "older" });
    const s = stack;
    await waitFor(() => s.gateway.agents.list().length === 1, "the exec agent");
    const olderTetra = watch(stack.gateway.url, {
      request: { allowList: [{ policyNames: ["file-monitoring"] }] },
    });
    watchers.push(olderTetra);
    const err = await olderTetra.ended;
    expect(err?.code).toBe(Code.InvalidArgument);
    expect(err?.rawMessage).toContain("does not take --policy-names");
    const badRegex = watch(stack.gateway.url, { request: { allowList: [{ binaryRegex: ["("] }] } });
    watchers.push(badRegex);
    const refused = await badRegex.ended;
    expect(refused?.code).toBe(Code.InvalidArgument);
    expect(refused?.rawMessage).toContain("the agent refused the request");
    // The same pod still streams a request it can run.
    const plain = watch(stack.gateway.url);
    watchers.push(plain);
    await waitFor(() => plain.got.length >= 3, "events without a filter");
  });

  it("no pod matches the selector: one status line naming namespace and selector", async () => {
    stack = await startKubeStack(
      { nodes: fiveNodes.slice(0, 1) },
      {},
      { selector: "app=nothing-here" },
    );
    const s = stack;
    await waitFor(
      async () => (await agentStatuses(s)).some((a) => a.reason.includes("No pod matches")),
      "the no-pods line",
    );
    const line = (await agentStatuses(stack)).find(
      (a) => a.transport === AgentTransport.DISCOVERY,
    )!;
    expect(line.reason).toContain(
      "--kube-selector app=nothing-here in --kube-namespace kube-system",
    );
    expect(line.reason).toContain("kubectl get pods -n kube-system -l app=nothing-here");
    expect(stack.logs.some((l) => l.includes("No pod matches"))).toBe(true);
  });

  it("expired credentials (401): the kubectl hint in the status and the log", async () => {
    stack = await startKubeStack({ nodes: fiveNodes.slice(0, 1) });
    const s = stack;
    await waitFor(() => s.gateway.agents.list().length === 1, "the agent");
    stack.cluster.rotateToken();
    await stack.cluster.api.stop(); // forces a new watch request with the old token
    await stack.cluster.api.start();
    await waitFor(
      async () => (await agentStatuses(s)).some((a) => a.reason.includes("401 Unauthorized")),
      "the 401 line",
    );
    expect(s.logs.join("\n")).toContain("kubectl get pods -n kube-system");
  });
});
