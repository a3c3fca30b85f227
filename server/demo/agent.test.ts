import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterEach, describe, expect, test } from "vitest";
import {
  EventType,
  GetEventsResponseSchema,
  type GetEventsResponse,
} from "../../src/gen/tetragon/events_pb.js";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { HealthStatusResult } from "../../src/gen/tetragon/tetragon_pb.js";
import { startDemoAgent, type DemoAgent } from "./agent.js";
import { processOfEvent } from "./event-filter.js";

type Sensors = Client<typeof FineGuidanceSensors>;

const agents: DemoAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

async function start(opts: Parameters<typeof startDemoAgent>[0] = {}) {
  const agent = await startDemoAgent({
    seed: 7,
    rate: 5000,
    startTime: Date.UTC(2025, 4, 1),
    ...opts,
  });
  agents.push(agent);
  const client: Sensors = createClient(
    FineGuidanceSensors,
    createGrpcTransport({ baseUrl: `http://${agent.address}` }),
  );
  return { agent, client };
}

async function take(
  client: Sensors,
  n: number,
  request: Parameters<Sensors["getEvents"]>[0] = {},
  controller = new AbortController(),
): Promise<GetEventsResponse[]> {
  const out: GetEventsResponse[] = [];
  for await (const e of client.getEvents(request, { signal: controller.signal })) {
    out.push(e);
    if (out.length >= n) break;
  }
  return out;
}

describe("demo agent over a real HTTP/2 socket", () => {
  test("listens on 127.0.0.1 with an ephemeral port", async () => {
    const { agent } = await start();
    expect(agent.address).toBe(`127.0.0.1:${agent.port}`);
    expect(agent.port).toBeGreaterThan(0);
  });

  test("GetEvents with an allow_list only sends matching events", async () => {
    const { client } = await start();
    const events = await take(client, 40, { allowList: [{ namespace: ["payments"] }] });
    expect(events).toHaveLength(40);
    for (const e of events) expect(processOfEvent(e)?.pod?.namespace).toBe("payments");
  });

  test("deny_list by event type removes those events", async () => {
    const { client } = await start();
    const events = await take(client, 60, {
      denyList: [{ eventSet: [EventType.PROCESS_EXEC, EventType.PROCESS_EXIT] }],
    });
    for (const e of events) expect(["processExec", "processExit"]).not.toContain(e.event.case);
  });

  test("the same seed gives every stream the same sequence", async () => {
    const { client } = await start();
    const a = await take(client, 30);
    const b = await take(client, 30);
    expect(b.map((e) => toBinary(GetEventsResponseSchema, e))).toEqual(
      a.map((e) => toBinary(GetEventsResponseSchema, e)),
    );
  });

  test("aborting the client stream closes it on the agent", async () => {
    const { agent, client } = await start({ rate: 20 });
    const controller = new AbortController();
    const stream = client.getEvents({}, { signal: controller.signal });
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    expect(agent.openStreams()).toBe(1);
    controller.abort();
    await expect(it.next()).rejects.toThrow();
    await expect.poll(() => agent.openStreams()).toBe(0);
  });

  test("an invalid RE2 regex is rejected with InvalidArgument", async () => {
    const { client } = await start();
    const err = await take(client, 1, { allowList: [{ binaryRegex: ["curl(?=x)"] }] }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    expect((err as ConnectError).rawMessage).toContain("binary_regex");
  });

  test("GetHealth, GetVersion, GetInfo and ListTracingPolicies answer", async () => {
    const { client } = await start();
    const health = await client.getHealth({});
    expect(health.healthStatus[0]?.status).toBe(HealthStatusResult.HEALTH_STATUS_RUNNING);
    expect((await client.getVersion({})).version).toMatch(/^v\d+\.\d+\.\d+/);
    expect((await client.getInfo({})).name).toContain("demo");
    const names = (await client.listTracingPolicies({})).policies.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(["file-monitoring", "tcp-connect", "privileges-raise"]),
    );
  });

  test("methods that change an agent are Unimplemented", async () => {
    const { client } = await start();
    const err = await client.addTracingPolicy({ yaml: "x" }).catch((e: unknown) => e);
    expect(ConnectError.from(err).code).toBe(Code.Unimplemented);
  });

  test("close() frees the port at once so an agent can restart on it", async () => {
    const first = await start();
    const it = first.client.getEvents({})[Symbol.asyncIterator]();
    await it.next(); // an open stream must not keep the port busy
    const port = first.agent.port;
    await first.agent.close();
    agents.splice(agents.indexOf(first.agent), 1);
    await expect(it.next()).rejects.toThrow();
    const second = await start({ port });
    expect(second.agent.port).toBe(port);
    const events = await take(second.client, 3);
    expect(events).toHaveLength(3);
    expect(create(GetEventsResponseSchema, events[0]).nodeName).not.toBe("");
  });
});
