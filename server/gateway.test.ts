import { toBinary } from "@bufbuild/protobuf";
import { afterEach, describe, expect, it } from "vitest";
import { GetEventsResponseSchema, type GetEventsResponse } from "../src/gen/tetragon/events_pb.js";
import { type Gateway, startGateway } from "./gateway.js";
import { type FakeAgent, startFakeAgent } from "./testing/fake-agent.js";
import { execEvent, sensorsClient, waitFor } from "./testing/fixtures.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function agent(events: GetEventsResponse[] = []): Promise<FakeAgent> {
  const a = await startFakeAgent({ events });
  cleanup.push(() => a.close());
  return a;
}

async function gateway(agents: string[]): Promise<Gateway> {
  const g = await startGateway({ agents, port: 0, staticDir: "/nonexistent", log: (l) => { console.error("GW", l); } });
  cleanup.push(() => g.close());
  return g;
}

describe("gateway over real sockets", () => {
  it("relays the agent's events byte for byte to a gRPC-Web client", async () => {
    const events = [execEvent("node-a", "/usr/bin/curl", 1), execEvent("node-a", "/bin/sh", 2)];
    const a = await agent(events);
    const g = await gateway([a.address]);
    const client = sensorsClient(g.url);
    const controller = new AbortController();
    const got: GetEventsResponse[] = [];
    for await (const res of client.getEvents({}, { signal: controller.signal })) {
      got.push(res);
      if (got.length === events.length) break;
    }
    controller.abort();
    expect(got.map((e) => toBinary(GetEventsResponseSchema, e))).toEqual(
      events.map((e) => toBinary(GetEventsResponseSchema, e)),
    );
    await waitFor(() => g.upstreamStreamsOpen() === 0 && a.openStreams() === 0, "upstream stream closed");
  });
});
