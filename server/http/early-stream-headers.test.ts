import http from "node:http";
import http2 from "node:http2";
import { once } from "node:events";
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

/** A gateway in front of an agent that sends one 4 KiB-argument event (cleaned up after the test). */
async function bigEventGateway(fill: string) {
  const big = execEvent("node-a", `/usr/bin/${fill.repeat(4096)}`);
  const agent = await startFakeAgent({ events: [big] });
  cleanups.push(() => agent.close());
  const gw = await startGateway({ agents: [agent.address], port: 0, log: () => {} });
  cleanups.push(() => gw.close());
  return { big, gw };
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
    const { big, gw } = await bigEventGateway("x");
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

  it("relays events to a native gRPC (h2c) client uncompressed although it offers gzip", async () => {
    // Per-event gzip was the h2c path's largest cost (and ~0.9 s of latency at 2,000/s).
    const { big, gw } = await bigEventGateway("y");
    const session = http2.connect(`http://127.0.0.1:${String(gw.port)}`);
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          session.close(() => {
            r();
          });
        }),
    );
    const stream = session.request({
      ":method": "POST",
      ":path": "/tetragon.FineGuidanceSensors/GetEvents",
      "content-type": "application/grpc+proto",
      te: "trailers",
      "grpc-accept-encoding": "gzip",
    });
    stream.end(Buffer.alloc(5));
    const [headers] = (await once(stream, "response")) as [http2.IncomingHttpHeaders];
    expect(headers["grpc-encoding"]).toBeUndefined();
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    const expected = Buffer.from(toBinary(GetEventsResponseSchema, big));
    await waitFor(() => Buffer.concat(chunks).length >= 5 + expected.length, "the event frame");
    const body = Buffer.concat(chunks);
    expect(body[0]).toBe(0); // not compressed
    expect(body.subarray(5, 5 + expected.length).equals(expected)).toBe(true);
    stream.close();
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
