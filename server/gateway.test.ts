import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, describe, expect, it } from "vitest";
import { GetEventsResponseSchema, type GetEventsResponse } from "../src/gen/tetragon/events_pb.js";
import { AgentState } from "../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { type Gateway, type GatewayOptions, startGateway } from "./gateway.js";
import { type FakeAgent, type FakeAgentOptions, startFakeAgent } from "./testing/fake-agent.js";
import { execEvent, sensorsClient, statusClient, waitFor } from "./testing/fixtures.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function agent(options: FakeAgentOptions = {}): Promise<FakeAgent> {
  const a = await startFakeAgent(options);
  cleanup.push(() => a.close());
  return a;
}

async function gateway(agents: string[], extra: Partial<GatewayOptions> = {}): Promise<Gateway> {
  const g = await startGateway({
    agents,
    port: 0,
    staticDir: "/nonexistent",
    log: () => undefined,
    backoff: { initialMs: 20, maxMs: 200 },
    ...extra,
  });
  cleanup.push(() => g.close());
  return g;
}

/** Reads a gRPC-Web GetEvents stream in the background, like a browser tab. */
function watch(
  g: Gateway,
  request: Parameters<ReturnType<typeof sensorsClient>["getEvents"]>[0] = {},
) {
  const controller = new AbortController();
  const got: GetEventsResponse[] = [];
  const ended = (async () => {
    try {
      for await (const res of sensorsClient(g.url).getEvents(request, {
        signal: controller.signal,
      }))
        got.push(res);
      return undefined;
    } catch (err) {
      return ConnectError.from(err);
    }
  })();
  return {
    got,
    ended,
    abort: () => {
      controller.abort();
    },
  };
}

const bytes = (events: GetEventsResponse[]) =>
  events.map((e) => toBinary(GetEventsResponseSchema, e));

describe("gateway over real sockets", () => {
  it("relays the agent's events byte for byte to a gRPC-Web client", async () => {
    const events = [execEvent("node-a", "/usr/bin/curl", 1), execEvent("node-a", "/bin/sh", 2)];
    const a = await agent({ events });
    const g = await gateway([a.address]);
    const tab = watch(g);
    await waitFor(() => tab.got.length === events.length, "both events");
    expect(bytes(tab.got)).toEqual(bytes(events));
    tab.abort();
    await tab.ended;
  });

  it("forwards the browser's filters to the agent unchanged", async () => {
    const a = await agent();
    const g = await gateway([a.address]);
    const tab = watch(g, { allowList: [{ binaryRegex: ["curl$"], namespace: ["default"] }] });
    await waitFor(() => a.requests.length === 1, "upstream request");
    expect(a.requests[0]!.allowList[0]!.binaryRegex).toEqual(["curl$"]);
    expect(a.requests[0]!.allowList[0]!.namespace).toEqual(["default"]);
    tab.abort();
  });

  it("aborting the browser stream cancels its upstream stream (no leak)", async () => {
    const a = await agent({ events: [execEvent("n", "/bin/true")] });
    const g = await gateway([a.address]);
    // Different requests: one upstream stream each (equal ones would share one).
    const tabs = [watch(g, { allowList: [{ binaryRegex: ["a"] }] }), watch(g)];
    await waitFor(
      () => g.upstreamStreamsOpen() === 2 && a.openStreams() === 2,
      "two upstream streams",
    );
    tabs[0]!.abort();
    await waitFor(() => g.upstreamStreamsOpen() === 1 && a.openStreams() === 1, "one left");
    tabs[1]!.abort();
    await waitFor(() => g.upstreamStreamsOpen() === 0 && a.openStreams() === 0, "none left");
  });

  it("fans in two agents, each event keeping its node_name", async () => {
    const a = await agent({ events: [execEvent("node-a", "/bin/a", 1)] });
    const b = await agent({ events: [execEvent("node-b", "/bin/b", 2)] });
    const g = await gateway([a.address, b.address]);
    const tab = watch(g);
    await waitFor(() => tab.got.length === 2, "events from both agents");
    b.push(execEvent("node-b", "/bin/b2", 3));
    await waitFor(() => tab.got.length === 3, "pushed event");
    expect(tab.got.map((e) => e.nodeName).sort()).toEqual(["node-a", "node-b", "node-b"]);
    const status = await statusClient(g.url).getStatus({});
    expect(status.agents.map((s) => [s.address, s.nodeName, s.state])).toEqual([
      [a.address, "node-a", AgentState.CONNECTED],
      [b.address, "node-b", AgentState.CONNECTED],
    ]);
    tab.abort();
  });

  it("reads a unix-socket agent", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tetragon-gw-"));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const a = await agent({
      socketPath: path.join(dir, "tetragon.sock"),
      events: [execEvent("sock-node", "/bin/x")],
    });
    expect(a.address).toMatch(/^unix:\/\/\//);
    const g = await gateway([a.address]);
    const tab = watch(g);
    await waitFor(() => tab.got.length === 1, "event over the socket");
    expect(tab.got[0]!.nodeName).toBe("sock-node");
    expect((await sensorsClient(g.url).getVersion({})).$typeName).toBe(
      "tetragon.GetVersionResponse",
    );
    tab.abort();
  });

  it("resumes after the agent is killed and restarted mid-stream, reporting the gap", async () => {
    const a = await agent({ events: [execEvent("n", "/bin/before", 1)] });
    const g = await gateway([a.address]);
    const tab = watch(g);
    await waitFor(() => tab.got.length === 1, "first event");
    await a.kill();
    const status = statusClient(g.url);
    await waitFor(
      async () => (await status.getStatus({})).agents[0]!.state === AgentState.RECONNECTING,
      "reconnecting",
    );
    const during = (await status.getStatus({})).agents[0]!;
    expect(during.gaps).toHaveLength(1);
    expect(during.gaps[0]!.start).toBeDefined();
    expect(during.gaps[0]!.end).toBeUndefined();
    // The first failure ("lost"), or a re-dial that failed since ("not back yet"): both say the
    // agent was reached before, neither gives first-time setup hints.
    expect(during.reason).toMatch(
      new RegExp(
        `^(Lost the connection to Tetragon at|Tetragon at) ${a.address.replace(/\./g, "\\.")}`,
      ),
    );
    expect(during.reason).not.toContain("helm");
    // The browser stream is still open while the agent is down.
    expect(await Promise.race([tab.ended.then(() => "ended"), Promise.resolve("open")])).toBe(
      "open",
    );

    await a.restart();
    await waitFor(() => a.openStreams() === 1, "stream re-opened");
    // Re-opened with the same request: the restarted agent replays its list, then pushes work.
    await waitFor(() => tab.got.length === 2, "event after restart");
    a.push(execEvent("n", "/bin/after", 2));
    await waitFor(() => tab.got.length === 3, "pushed event after restart");
    expect(
      tab.got.map((e) => (e.event.case === "processExec" ? e.event.value.process?.binary : "")),
    ).toEqual(["/bin/before", "/bin/before", "/bin/after"]);
    const after = (await status.getStatus({})).agents[0]!;
    expect(after.state).toBe(AgentState.CONNECTED);
    expect(after.gaps).toHaveLength(1);
    expect(after.gaps[0]!.end).toBeDefined();
    expect(after.gaps[0]!.reason).toContain(`Lost the connection to Tetragon at ${a.address}`);
    tab.abort();
  });

  it("keeps the other agent flowing while one is down", async () => {
    const a = await agent();
    const b = await agent();
    const g = await gateway([a.address, b.address]);
    const tab = watch(g);
    await waitFor(() => a.openStreams() === 1 && b.openStreams() === 1, "both streams");
    await a.kill();
    b.push(execEvent("node-b", "/bin/still-here"));
    await waitFor(() => tab.got.length === 1, "event from the live agent");
    expect(tab.got[0]!.nodeName).toBe("node-b");
    tab.abort();
  });

  it("keeps a single-agent stream open while the agent is down, and says why", async () => {
    const a = await agent();
    await a.kill();
    const g = await gateway([a.address]);
    const tab = watch(g);
    const status = statusClient(g.url);
    await waitFor(
      async () => (await status.getStatus({})).agents[0]!.state === AgentState.RECONNECTING,
      "reconnecting",
    );
    const err = await sensorsClient(g.url)
      .getVersion({})
      .then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
    expect(err?.code).toBe(Code.Unavailable);
    expect(err?.rawMessage).toContain(`Tetragon not reachable at ${a.address}`);
    expect(err?.rawMessage).toContain("kubectl port-forward");
    expect(await Promise.race([tab.ended.then(() => "ended"), Promise.resolve("open")])).toBe(
      "open",
    );
    await a.restart();
    await waitFor(() => a.openStreams() === 1, "stream re-opened by the supervisor");
    a.push(execEvent("late", "/bin/late"));
    await waitFor(() => tab.got.length === 1, "event once the agent is up");
    tab.abort();
  });

  it("rejects oversized filters with InvalidArgument before reaching the agent", async () => {
    const a = await agent();
    const g = await gateway([a.address]);
    const tooMany = Array.from({ length: 33 }, () => ({ binaryRegex: ["x"] }));
    const tab = watch(g, { allowList: tooMany });
    expect((await tab.ended)?.code).toBe(Code.InvalidArgument);
    const longRegex = watch(g, { denyList: [{ binaryRegex: ["a".repeat(1025)] }] });
    const err = await longRegex.ended;
    expect(err?.code).toBe(Code.InvalidArgument);
    expect(err?.rawMessage).toContain("deny_list[0].binaryRegex[0]");
    expect(a.callsTo("GetEvents")).toBe(0);
  });
});
