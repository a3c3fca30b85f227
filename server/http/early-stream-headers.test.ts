import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type Gateway, startGateway } from "../gateway.js";
import { toBinary } from "@bufbuild/protobuf";
import { GetEventsResponseSchema } from "../../src/gen/tetragon/events_pb.js";
import { type FakeAgent, startFakeAgent } from "../testing/fake-agent.js";
import { execEvent, sensorsClient, waitFor } from "../testing/fixtures.js";
import { trailerFrame } from "./early-stream-headers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function quietStack(): Promise<{ agent: FakeAgent; gw: Gateway }> {
  const agent = await startFakeAgent({ events: [] });
  cleanups.push(() => agent.close());
  const gw = await startGateway({
    agents: [agent.address],
    port: 0,
    staticDir: "dist",
    log: () => {},
  });
  cleanups.push(() => gw.close());
  return { agent, gw };
}

/** POSTs an empty GetEventsRequest frame and resolves with the response head. */
function openGetEvents(port: number, contentType: string) {
  const req = http.request({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: "/tetragon.FineGuidanceSensors/GetEvents",
    headers: { "content-type": contentType, "x-grpc-web": "1", "grpc-accept-encoding": "gzip" },
  });
  const head = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once("response", resolve);
    req.once("error", reject);
  });
  req.end(Buffer.alloc(5));
  return { req, head };
}

describe("GetEvents response headers", () => {
  it("reach a gRPC-Web client while the agent has sent nothing", async () => {
    const { agent, gw } = await quietStack();
    const { req, head } = openGetEvents(gw.port, "application/grpc-web+proto");
    const res = await head;
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/grpc-web+proto");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    await expect.poll(() => agent.openStreams()).toBe(1);
    req.destroy();
    await expect.poll(() => gw.upstreamStreamsOpen()).toBe(0);
  });

  it("relay large events uncompressed to a client that offers gzip (connect-node does)", async () => {
    // Compression would be announced in headers we no longer send late; a client offered gzip
    // must still get frames it can read.
    const big = execEvent("node-a", `/usr/bin/${"x".repeat(4096)}`);
    const agent = await startFakeAgent({ events: [big] });
    cleanups.push(() => agent.close());
    const gw = await startGateway({ agents: [agent.address], port: 0, log: () => {} });
    cleanups.push(() => gw.close());
    const controller = new AbortController();
    const got: Uint8Array[] = [];
    const reading = (async () => {
      for await (const e of sensorsClient(gw.url).getEvents({}, { signal: controller.signal }))
        got.push(toBinary(GetEventsResponseSchema, e));
    })().catch((err: unknown) => err);
    await waitFor(() => got.length === 1, "the large event");
    controller.abort();
    await reading;
    expect(got[0]).toEqual(toBinary(GetEventsResponseSchema, big));
  });

  it("turns a trailers-only error into a trailer frame the client can read", () => {
    const frame = trailerFrame({
      "grpc-status": "3",
      "grpc-message": "too many filters",
      "content-type": "application/grpc-web+proto",
    });
    expect(frame?.readUInt8(0)).toBe(0x80);
    const text = frame?.subarray(5).toString("latin1");
    expect(text).toBe("grpc-status: 3\r\ngrpc-message: too many filters\r\n");
    expect(frame?.readUInt32BE(1)).toBe(text?.length);
    expect(trailerFrame({ "content-type": "x" })).toBeUndefined();
  });
});
