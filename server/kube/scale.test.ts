/**
 * 50 agent pods (half reached by port-forward, half by exec) through one gateway: every
 * node's events arrive and the gateway's buffering stays bounded. How long "all live" takes
 * is measured by `npm run bench` (kube.timeToAllLiveMs), not asserted here.
 */
import { expect, it } from "vitest";
import { AgentState } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { startKubeStack } from "../testing/fake-kube/kube-stack.js";
import { statusClient, waitFor } from "../testing/fixtures.js";
import { watch } from "../testing/reliability.js";
import { queueCapacity } from "../routes/get-events.js";

it("50 pods: all 50 nodes' events arrive, every agent connected, browser queue bounded", async () => {
  const nodes = Array.from({ length: 50 }, (_, i) => ({
    node: `node-${String(i).padStart(2, "0")}`,
    kind: i % 2 === 0 ? ("tcp" as const) : ("unix" as const),
  }));
  const stack = await startKubeStack({ nodes, rate: 4 });
  try {
    const heapBefore = process.memoryUsage().heapUsed;
    const w = watch(stack.gateway.url, { keep: false, onEvent: (e) => seen.add(e.nodeName) });
    const seen = new Set<string>();
    await waitFor(() => seen.size === 50, "events from all 50 nodes", 60_000);
    const statuses = (await statusClient(stack.gateway.url).getStatus({})).agents;
    expect(statuses.filter((a) => a.state === AgentState.CONNECTED)).toHaveLength(50);
    // Bounded by construction: one queue of queueCapacity per browser stream, whatever the rate.
    expect(stack.gateway.queuedEvents()).toBeLessThanOrEqual(queueCapacity);
    // 50 agents, their port-forward sockets and exec readers: far below this in practice
    // (see the bench); a leak per event would pass it within the run.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);
    w.abort();
  } finally {
    await stack.close();
  }
}, 120_000);
