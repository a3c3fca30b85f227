import { fromBinary } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../src/gen/tetragon/events_pb.js";
import { FineGuidanceSensors } from "../src/gen/tetragon/sensors_pb.js";
import { buildTemplates, samplePayloads, startSyntheticAgent } from "./synthetic-agent.js";

function pidOf(
  res: ReturnType<typeof fromBinary<typeof GetEventsResponseSchema>>,
): number | undefined {
  const value = res.event.value as { process?: { pid?: number } } | undefined;
  return value?.process?.pid;
}

describe("synthetic agent", () => {
  it("patches the sequence into process.pid and the send time into time", () => {
    const before = Date.now();
    const payloads = samplePayloads(buildTemplates(64), 200);
    const kinds = new Set<string>();
    payloads.forEach((bytes, i) => {
      const res = fromBinary(GetEventsResponseSchema, bytes);
      kinds.add(res.event.case ?? "");
      expect(pidOf(res)).toBe(i + 1);
      if (res.time === undefined) throw new Error("no time");
      expect(timestampMs(res.time)).toBeGreaterThanOrEqual(before - 1);
      expect(timestampMs(res.time)).toBeLessThanOrEqual(Date.now() + 1);
    });
    // Realistic mix: process lifecycle and hook events.
    expect(kinds.has("processExec")).toBe(true);
    expect(kinds.has("processExit")).toBe(true);
    expect(kinds.has("processKprobe")).toBe(true);
  });

  it("streams paced events over gRPC with consecutive sequence numbers", async () => {
    const agent = await startSyntheticAgent();
    try {
      const client = createClient(
        FineGuidanceSensors,
        createGrpcTransport({ baseUrl: `http://${agent.address}` }),
      );
      const abort = new AbortController();
      agent.setRate(2000);
      const pids: number[] = [];
      for await (const res of client.getEvents({}, { signal: abort.signal })) {
        pids.push(pidOf(res) ?? -1);
        if (pids.length === 300) break;
      }
      abort.abort();
      expect(pids).toEqual(pids.map((_, i) => i + 1));
      expect(agent.sent()).toBeGreaterThanOrEqual(300);
    } finally {
      await agent.close();
    }
  });
});
