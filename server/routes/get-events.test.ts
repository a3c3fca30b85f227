/**
 * Events are relayed opaque (fields as the agent sent them); every protocol and codec a
 * standard client may pick must still receive the same events.
 */
import { toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import { afterEach, describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../../src/gen/tetragon/events_pb.js";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { startGateway } from "../gateway.js";
import { startFakeAgent } from "../testing/fake-agent.js";
import { execEvent, waitFor } from "../testing/fixtures.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const transports = {
  "gRPC-Web binary": (baseUrl: string) => createGrpcWebTransport({ baseUrl, httpVersion: "1.1" }),
  "gRPC-Web JSON": (baseUrl: string) =>
    createGrpcWebTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: false }),
  "Connect JSON": (baseUrl: string) => createConnectTransport({ baseUrl, httpVersion: "1.1" }),
  "Connect binary": (baseUrl: string) =>
    createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: true }),
  "gRPC (HTTP/2)": (baseUrl: string) => createGrpcTransport({ baseUrl }),
};

describe("GetEvents through the gateway", () => {
  it.each(Object.entries(transports))(
    "delivers the agent's events over %s",
    async (_name, make) => {
      const events = [execEvent("node-a", "/usr/bin/curl", 1), execEvent("node-b", "/bin/sh", 2)];
      const agent = await startFakeAgent({ events });
      cleanups.push(() => agent.close());
      const gw = await startGateway({ agents: [agent.address], port: 0, log: () => {} });
      cleanups.push(() => gw.close());
      const client = createClient(FineGuidanceSensors, make(gw.url.replace(/\/$/, "")));
      const controller = new AbortController();
      const got: Uint8Array[] = [];
      const nodes: string[] = [];
      const reading = (async () => {
        for await (const e of client.getEvents({}, { signal: controller.signal })) {
          got.push(toBinary(GetEventsResponseSchema, e));
          nodes.push(e.nodeName);
        }
      })().catch((err: unknown) => err);
      await waitFor(() => got.length === events.length, "both events");
      controller.abort();
      await reading;
      expect(nodes).toEqual(["node-a", "node-b"]);
      expect(got).toEqual(events.map((e) => toBinary(GetEventsResponseSchema, e)));
    },
  );
});
