import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { describe, expect, it } from "vitest";
import { GetEventsRequestSchema, GetEventsResponseSchema } from "../src/gen/tetragon/events_pb.js";
import { FineGuidanceSensors } from "../src/gen/tetragon/sensors_pb.js";
import { selectivePodFilter } from "./agent-filter.js";
import {
  buildTemplates,
  samplePayloads,
  startSyntheticAgent,
  templateVerdicts,
} from "./synthetic-agent.js";

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

describe("synthetic agent: agent filter", () => {
  it("sends only what the request's filter lets through, with Tetragon's semantics", async () => {
    const templates = buildTemplates();
    const request = selectivePodFilter(templates);
    const verdicts = templateVerdicts(templates, toBinary(GetEventsRequestSchema, request));
    expect(verdicts).not.toBeNull();
    const share = verdicts!.filter(Boolean).length / templates.length;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThanOrEqual(0.1);
    const regex = new RegExp(request.allowList[0]!.podRegex[0]!.replace("(?:", "("));
    const agent = await startSyntheticAgent();
    try {
      const client = createClient(
        FineGuidanceSensors,
        createGrpcTransport({ baseUrl: `http://${agent.address}` }),
      );
      const abort = new AbortController();
      agent.setRate(5000, templates.length);
      const pids: number[] = [];
      const want = verdicts!.filter(Boolean).length;
      for await (const res of client.getEvents(request, { signal: abort.signal })) {
        const value = res.event.value as { process?: { pod?: { name?: string } } };
        expect(value.process?.pod?.name ?? "").toMatch(regex);
        pids.push(pidOf(res) ?? -1);
        if (pids.length === want) break;
      }
      abort.abort();
      // Exactly the offered sequence numbers whose template passes, in order.
      expect(pids).toEqual(verdicts!.flatMap((ok, i) => (ok ? [i + 1] : [])));
    } finally {
      await agent.close();
    }
  });
});
