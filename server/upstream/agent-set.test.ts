/**
 * The agent set changing under an open fan-in, over real HTTP/2 to fake agents: an added
 * agent's events arrive in the open browser stream, a removed agent's upstream stream ends
 * and its status stays (stopped, open gap), and nothing leaks when the browser leaves.
 */
import { afterEach, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { GetEventsRequestSchema } from "../../src/gen/tetragon/events_pb.js";
import { AgentState } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { EventStreams } from "../routes/get-events.js";
import { startFakeAgent } from "../testing/fake-agent.js";
import { execEvent, waitFor } from "../testing/fixtures.js";
import { cleanupStack } from "../testing/reliability.js";
import { parseAgentAddress } from "./agent-address.js";
import { AgentSet } from "./agent-set.js";
import { AgentSupervisor } from "./agent-supervisor.js";
import { targetForAddress } from "./agent-target.js";

const cleanups = cleanupStack();
afterEach(() => cleanups.run());

function supervisorFor(address: string): AgentSupervisor {
  const parsed = parseAgentAddress(address);
  if ("error" in parsed) throw new Error(parsed.error);
  return new AgentSupervisor(targetForAddress(parsed, undefined), { log: () => undefined });
}

/** Reads a fan-in in the background, collecting node names, like a browser stream. */
function browse(agents: AgentSet) {
  const controller = new AbortController();
  const streams = new EventStreams(agents);
  const nodes: string[] = [];
  const ended = (async () => {
    const request = create(GetEventsRequestSchema, {});
    // JSON mode: the fan-in yields fully decoded events.
    const events = streams.open(request, controller.signal, {
      json: true,
      clientAddress: "127.0.0.1",
    });
    for await (const res of events) {
      nodes.push(res.nodeName);
    }
  })().catch((err: unknown) => err);
  return {
    nodes,
    hub: streams.hub,
    ended,
    stop: () => {
      controller.abort();
    },
  };
}

describe("AgentSet under an open fan-in", () => {
  it("streams from an added agent, ends a removed one's stream, and leaks nothing", async () => {
    const a = await startFakeAgent({ events: [execEvent("node-a", "/bin/a", 1)] });
    const b = await startFakeAgent({ events: [execEvent("node-b", "/bin/b", 1)] });
    cleanups.push(() => a.close());
    cleanups.push(() => b.close());
    const agents = new AgentSet();
    cleanups.push(() => {
      agents.close();
      return Promise.resolve();
    });
    const supA = supervisorFor(a.address);
    agents.add(supA);
    agents.start();

    const browser = browse(agents);
    await waitFor(() => browser.nodes.includes("node-a"), "node-a's event");
    expect(a.openStreams()).toBe(1);

    // Added while the stream is open: it dials (the set is started) and streams into it.
    const supB = supervisorFor(b.address);
    agents.add(supB);
    await waitFor(() => browser.nodes.includes("node-b"), "node-b's event after add");
    b.push(execEvent("node-b", "/bin/b", 2));
    await waitFor(() => browser.nodes.filter((n) => n === "node-b").length === 2, "live push");
    expect(browser.hub.open).toBe(2);

    // Removed: its upstream stream ends, the other agent keeps streaming.
    agents.remove(supB, "pod deleted");
    await waitFor(() => b.openStreams() === 0, "node-b's upstream stream to end");
    await waitFor(() => browser.hub.open === 1, "one pump left");
    a.push(execEvent("node-a", "/bin/a", 2));
    await waitFor(() => browser.nodes.filter((n) => n === "node-a").length === 2, "node-a live");
    expect(agents.list()).toEqual([supA]);
    const removed = agents.statuses().find((s) => s.address === b.address);
    expect(removed?.state).toBe(AgentState.STOPPED);
    expect(removed?.gaps.at(-1)?.reason).toBe("pod deleted");
    expect(removed?.gaps.at(-1)?.end).toBeUndefined();

    // The browser leaves: every pump and upstream stream ends.
    browser.stop();
    expect(await browser.ended).toBeInstanceOf(Error);
    await waitFor(() => browser.hub.open === 0 && browser.hub.size === 0, "no upstream left");
    await waitFor(() => a.openStreams() === 0, "node-a's upstream stream to end");
  });

  it("forgets a removed agent once a newer agent of the same node is up", async () => {
    const old = await startFakeAgent({ events: [execEvent("node-a", "/bin/a", 1)] });
    const fresh = await startFakeAgent({ events: [execEvent("node-a", "/bin/a", 2)] });
    cleanups.push(() => old.close());
    cleanups.push(() => fresh.close());
    const agents = new AgentSet();
    cleanups.push(() => {
      agents.close();
      return Promise.resolve();
    });
    const first = supervisorFor(old.address);
    agents.add(first);
    agents.start();
    const browser = browse(agents);
    cleanups.push(async () => {
      browser.stop();
      await browser.ended;
    });
    await waitFor(() => first.status().nodeName === "node-a", "node name learnt");
    agents.remove(first);
    expect(agents.statuses().map((s) => s.address)).toEqual([old.address]);
    agents.add(supervisorFor(fresh.address));
    await waitFor(
      () =>
        agents
          .statuses()
          .map((s) => s.address)
          .join() === fresh.address,
      "the old agent forgotten",
    );
  });

  it("refuses a second supervisor for the same target id", () => {
    const agents = new AgentSet();
    agents.add(supervisorFor("127.0.0.1:1"));
    expect(() => {
      agents.add(supervisorFor("127.0.0.1:1"));
    }).toThrow("already in the gateway's set");
    agents.close();
  });
});
