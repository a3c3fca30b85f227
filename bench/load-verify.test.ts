import { create, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../src/gen/tetragon/events_pb.js";
import { checkables, LatencyHistogram, readVarint5, StreamVerifier } from "./load-verify.js";
import { buildTemplates, patchVarint5, templateFor } from "./synthetic-agent.js";

const templates = buildTemplates(16);
const pool = checkables(templates);

/** Event `seq` framed exactly as the agent (and the gateway) send it, sent at `ms`. */
function frame(seq: number, ms = Date.now()): Buffer {
  const t = templateFor(templates, seq);
  const f = Buffer.from(t.frame);
  patchVarint5(f, t.pidAt, seq);
  patchVarint5(f, t.secondsAt, Math.floor(ms / 1000));
  patchVarint5(f, t.nanosAt, (ms % 1000) * 1_000_000);
  return f;
}

function grpcWebFrame(flag: number, body: Uint8Array): Buffer {
  const f = Buffer.alloc(5 + body.length);
  f[0] = flag;
  f.writeUInt32BE(body.length, 1);
  Buffer.from(body).copy(f, 5);
  return f;
}

/** A gateway drop notice: rate_limit_info with `count` dropped events. */
function dropNotice(count: bigint): Buffer {
  const body = toBinary(
    GetEventsResponseSchema,
    create(GetEventsResponseSchema, {
      nodeName: "n",
      event: { case: "rateLimitInfo", value: { numberOfDroppedProcessEvents: count } },
    }),
  );
  return grpcWebFrame(0, body);
}

function verify(...chunks: Buffer[]) {
  const v = new StreamVerifier(pool, new LatencyHistogram());
  for (const c of chunks) v.push(c, Date.now());
  return v.result();
}

describe("StreamVerifier (the load clients' byte-exact check)", () => {
  it("accepts the agent's events in order, however the body is cut into chunks", () => {
    const body = Buffer.concat(Array.from({ length: 40 }, (_, i) => frame(i + 1)));
    const cuts = [0, 1, 3, 700, 701, 5000, 9000, body.length];
    const chunks = cuts.slice(1).map((end, i) => body.subarray(cuts[i], end));
    expect(verify(...chunks)).toMatchObject({
      delivered: 40,
      frames: 40,
      events: 40,
      problem: undefined,
    });
  });

  it("records the latency from the time the agent stamped", () => {
    const latency = new LatencyHistogram();
    const v = new StreamVerifier(pool, latency);
    // One fixed instant for both ends: the figure must not depend on the machine's speed.
    const receivedAt = Date.UTC(2026, 0, 1, 12, 0, 0, 500);
    v.push(frame(1, receivedAt - 250), receivedAt);
    expect(latency.sparse()).toEqual([[250, 1]]);
  });

  it("names a gap, a duplicate and a restarted stream", () => {
    expect(verify(frame(1), frame(2), frame(3 + pool.length)).problem).toBe(
      "event 3: gap: got seq 19",
    );
    expect(verify(frame(1), frame(2), frame(3), frame(3)).problem).toMatch(/^event 4: .*event 3/);
    expect(verify(frame(1), frame(2), frame(1)).problem).toMatch(
      /^event 3: the agent's event 1 .*did the stream restart/,
    );
  });

  it("fails on a changed byte outside pid and time", () => {
    const bad = frame(2);
    const t = templateFor(templates, 2);
    const at = [...Array(bad.length).keys()].find(
      (i) =>
        i > 5 &&
        Math.abs(i - t.pidAt) > 5 &&
        Math.abs(i - t.secondsAt) > 5 &&
        Math.abs(i - t.nanosAt) > 5,
    ) as number;
    bad[at] = (bad[at] ?? 0) ^ 0xff;
    expect(verify(frame(1), bad).problem).toMatch(/^event 2: not the agent's event \(bytes differ/);
  });

  it("fails on a drop notice and on a trailer before the last event", () => {
    expect(verify(frame(1), dropNotice(5n)).problem).toMatch(
      /^event 2: rate_limit_info \(gateway dropped events\)/,
    );
    const trailer = grpcWebFrame(0x80, Buffer.from("grpc-status: 14\r\ngrpc-message: down\r\n"));
    const r = verify(frame(1), trailer, frame(2));
    expect(r.problem).toMatch(/^event 2: trailer before the last event: .*grpc-status: 14/);
    // Later frames are counted, not compared.
    expect(r).toMatchObject({ delivered: 1, frames: 3 });
  });

  it("counts events after a problem, drop notices apart (a stream that lost some)", () => {
    const r = verify(frame(1), frame(2), dropNotice(7n), frame(10), frame(11));
    expect(r).toMatchObject({ delivered: 2, frames: 5, events: 4 });
    expect(r.problem).toMatch(/^event 3: rate_limit_info/);
  });

  it("reads the agent's padded varints", () => {
    const b = Buffer.alloc(5);
    patchVarint5(b, 0, 123_456_789);
    expect(readVarint5(b, 0)).toBe(123_456_789);
  });
});
