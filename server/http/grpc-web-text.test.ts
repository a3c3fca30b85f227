/**
 * gRPC-Web text (`application/grpc-web-text`), spoken by hand from the spec (PROTOCOL-WEB.md):
 * the request body is base64 — here deliberately two padded segments back to back — and the
 * response body is base64 that may be padded wherever the server flushed, so it is decoded
 * one 4-character group at a time, then split into gRPC-Web frames (flag byte, 4-byte
 * length; 0x80 = trailers). Reads the 32 real Tetragon events from ../shared through the
 * gateway byte for byte (skipped with a message when ../shared is absent), a unary call's
 * message and trailer, and a clear InvalidArgument for a body that is not base64.
 */
import http from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { fromBinary, fromJson, type JsonValue, toBinary } from "@bufbuild/protobuf";
import { afterEach, describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../../src/gen/tetragon/events_pb.js";
import { waitFor } from "../testing/fixtures.js";
import { agentAndGateway, cleanupStack } from "../testing/reliability.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

const file = new URL("../../../shared/tetragon-api/real-events.jsonl", import.meta.url);
const present = existsSync(file);
if (!present) console.warn(`skipping grpc-web-text real events: ${file.pathname} not found`);

/** Response body reader: base64 one group at a time, then gRPC-Web frames. */
function textFrames() {
  let text = "";
  let bytes = Buffer.alloc(0);
  const frames: { flags: number; data: Buffer }[] = [];
  return {
    frames,
    push(chunk: string) {
      text += chunk.replace(/\s/g, "");
      const whole = text.length - (text.length % 4);
      const groups: Buffer[] = [];
      for (let i = 0; i < whole; i += 4) groups.push(Buffer.from(text.slice(i, i + 4), "base64"));
      text = text.slice(whole);
      bytes = Buffer.concat([bytes, ...groups]);
      while (bytes.length >= 5 && bytes.length >= 5 + bytes.readUInt32BE(1)) {
        const length = bytes.readUInt32BE(1);
        frames.push({ flags: bytes.readUInt8(0), data: bytes.subarray(5, 5 + length) });
        bytes = bytes.subarray(5 + length);
      }
    },
  };
}

/** POSTs a text-mode call; returns the response headers and the decoded frames as they come. */
async function textCall(baseUrl: string, method: string, body: string) {
  const reader = textFrames();
  const url = new URL(`/tetragon.FineGuidanceSensors/${method}`, baseUrl);
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent: false,
        headers: {
          "content-type": "application/grpc-web-text",
          accept: "application/grpc-web-text",
          "x-grpc-web": "1",
        },
      },
      resolve,
    );
    req.on("error", reject);
    req.end(body);
  });
  res.setEncoding("latin1");
  res.on("data", (c: string) => {
    reader.push(c);
  });
  res.on("error", () => undefined);
  cleanup.push(async () => {
    res.destroy();
    await Promise.resolve();
  });
  return { res, frames: reader.frames };
}

/** An empty request message as one gRPC-Web frame, base64 in two padded segments. */
const emptyRequest =
  Buffer.from([0, 0]).toString("base64") + Buffer.from([0, 0, 0]).toString("base64");

async function gatewayFor(options: Parameters<typeof agentAndGateway>[1] = {}) {
  const { agent, gateway } = await agentAndGateway(cleanup, options);
  return { agent, gw: gateway };
}

describe("gRPC-Web text", () => {
  it.skipIf(!present)("streams the 32 real Tetragon events, byte for byte", async () => {
    const events = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => fromJson(GetEventsResponseSchema, JSON.parse(l) as JsonValue));
    expect(events).toHaveLength(32);
    const { gw } = await gatewayFor({ events });
    expect(emptyRequest).toBe("AAA=AAAA");
    const { res, frames } = await textCall(gw.url, "GetEvents", emptyRequest);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/grpc-web-text");
    await waitFor(() => frames.length === events.length, "32 frames");
    expect(frames.every((f) => f.flags === 0)).toBe(true);
    expect(frames.map((f) => new Uint8Array(f.data))).toEqual(
      events.map((e) => toBinary(GetEventsResponseSchema, e)),
    );
    expect(fromBinary(GetEventsResponseSchema, frames[0]!.data).nodeName).toBe(events[0]!.nodeName);
  });

  it("answers a unary call: one message frame, then the trailer frame", async () => {
    const { agent, gw } = await gatewayFor();
    const { frames } = await textCall(gw.url, "GetVersion", emptyRequest);
    await waitFor(() => frames.some((f) => f.flags === 0x80), "the trailer frame");
    expect(frames.map((f) => f.flags)).toEqual([0, 0x80]);
    expect(frames[1]!.data.toString("latin1")).toMatch(/^grpc-status: ?0\r\n/);
    expect(agent.callsTo("GetVersion")).toBe(1);
  });

  it("refuses a body that is not base64 with InvalidArgument, before the agent", async () => {
    const { agent, gw } = await gatewayFor();
    const { res, frames } = await textCall(gw.url, "GetVersion", "AA*A");
    await new Promise((resolve) => res.once("end", resolve));
    const status =
      res.headers["grpc-status"] ??
      /grpc-status: ?(\d+)/.exec(frames.at(-1)?.data.toString("latin1") ?? "")?.[1];
    expect(status).toBe("3");
    expect(agent.callsTo("GetVersion")).toBe(0);
  });
});
