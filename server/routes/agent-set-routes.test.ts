/**
 * The routes read the gateway's AgentSet: an agent added after start (as cluster mode does)
 * streams into an open browser stream, shows in GetStatus under its display name, and is
 * picked for unary calls by id or display name; a stream-only transport answers unary calls
 * with Unimplemented naming the transport.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "../gateway.js";
import { startFakeAgent } from "../testing/fake-agent.js";
import { execEvent, sensorsClient, statusClient, waitFor } from "../testing/fixtures.js";
import { cleanupStack, watch } from "../testing/reliability.js";
import { parseAgentAddress } from "../upstream/agent-address.js";
import type { AgentTarget } from "../upstream/agent-target.js";
import { dialAgent } from "../upstream/agent-transport.js";

const cleanups = cleanupStack();
afterEach(() => cleanups.run());

/** Agent `address` reached like `tetra getevents` over exec: the event stream only. */
function streamOnlyTarget(address: string): AgentTarget {
  const parsed = parseAgentAddress(address);
  if ("error" in parsed) throw new Error(parsed.error);
  return {
    id: "kube:kube-system/tetragon-b",
    display: "node-b (pod tetragon-b)",
    dial: () => ({
      ...dialAgent(parsed, undefined),
      unary: false,
      transport: "kubectl exec tetra getevents",
    }),
  };
}

describe("routes over a changing agent set", () => {
  it("serves an agent added while a browser stream is open, and picks agents by name", async () => {
    const a = await startFakeAgent({ events: [execEvent("node-a", "/bin/a", 1)] });
    const b = await startFakeAgent({ events: [execEvent("node-b", "/bin/b", 1)] });
    cleanups.push(() => a.close());
    cleanups.push(() => b.close());
    const gw = await startGateway({ agents: [a.address], port: 0, log: () => undefined });
    cleanups.push(() => gw.close());

    const browser = watch(gw.url);
    cleanups.push(async () => {
      browser.abort();
      await browser.ended;
    });
    await waitFor(() => browser.got.some((e) => e.nodeName === "node-a"), "node-a's event");
    gw.agents.add(gw.supervisorFor(streamOnlyTarget(b.address)));
    await waitFor(() => browser.got.some((e) => e.nodeName === "node-b"), "node-b's event");

    const status = await statusClient(gw.url).getStatus({});
    expect(status.agents.map((s) => s.address)).toEqual([a.address, "node-b (pod tetragon-b)"]);

    const client = sensorsClient(gw.url);
    const failure = (name: string) =>
      client.getVersion({}, { headers: { "tetragon-agent": name } }).then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
    await client.getVersion({});
    await client.getVersion({}, { headers: { "tetragon-agent": a.address } });
    expect(a.callsTo("GetVersion")).toBe(2);
    for (const name of ["kube:kube-system/tetragon-b", "node-b (pod tetragon-b)"]) {
      const err = await failure(name);
      expect(err?.code).toBe(Code.Unimplemented);
      expect(err?.rawMessage).toContain("kubectl exec tetra getevents");
    }
    expect(b.callsTo("GetVersion")).toBe(0);
    expect((await failure("nobody"))?.code).toBe(Code.NotFound);
  });
});
