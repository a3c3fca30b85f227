import { toJsonString } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { gzipSync } from "fflate";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { GetEventsResponseSchema } from "../../src/gen/tetragon/events_pb.js";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { startDemoAgent } from "./agent.js";
import { processOfEvent } from "./event-filter.js";
import { createEventGenerator } from "./generator.js";
import { createReplaySource, loadReplayFile, parseLogText, stripLogPrefix } from "./replay.js";

const REAL = new URL("../../../shared/tetragon-api/real-events.jsonl", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "demo-replay-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const synthetic = (() => {
  const g = createEventGenerator({ seed: 9, startTime: Date.UTC(2024, 0, 1) });
  return Array.from({ length: 50 }, () => g.next());
})();
const jsonLines = synthetic.map((e) =>
  toJsonString(GetEventsResponseSchema, e, { useProtoFieldName: true }),
);

describe("replay", () => {
  test("strips kubectl --prefix and --timestamps prefixes", () => {
    expect(stripLogPrefix('[pod/tetragon-x2x/export-stdout] {"a":1}')).toBe('{"a":1}');
    expect(stripLogPrefix('2024-05-01T10:00:00.123456789Z {"a":1}')).toBe('{"a":1}');
    expect(stripLogPrefix('[pod/t/export-stdout] 2024-05-01T10:00:00Z {"a":1}')).toBe('{"a":1}');
  });

  test("skips bad lines, warning with the line number only", () => {
    const secret = "SECRET-PAYLOAD";
    const text = [
      jsonLines[0],
      `{"not_a_field":"${secret}"}`,
      "",
      `garbage ${secret}`,
      `{"process_exec": ${secret}`,
      jsonLines[1],
    ].join("\n");
    const warnings: string[] = [];
    const log = parseLogText(text, (l) => warnings.push(l));
    expect(log.events).toHaveLength(2);
    expect(log.skipped).toBe(3);
    expect(warnings).toEqual([
      "replay: skipping line 2: not a Tetragon event (unknown field or wrong type)",
      "replay: skipping line 4: not a JSON object",
      "replay: skipping line 5: not valid JSON",
    ]);
    expect(warnings.join("\n")).not.toContain(secret);
  });

  test("reads a .gz kubectl logs file and loops with re-stamped, increasing times", () => {
    const path = join(dir, "tetragon.log.gz");
    const text = jsonLines.map((l) => `[pod/tetragon-abcde/export-stdout] ${l}`).join("\n") + "\n";
    writeFileSync(path, gzipSync(new TextEncoder().encode(text)));
    const log = loadReplayFile(path, () => {});
    expect(log.events).toHaveLength(50);
    const source = createReplaySource(log, {
      startTime: Date.UTC(2030, 0, 1),
      meanIntervalMs: 100,
    });
    const out = Array.from({ length: 120 }, () => source.next());
    expect(processOfEvent(out[0]!)?.execId).toBe(processOfEvent(synthetic[0]!)?.execId);
    expect(processOfEvent(out[50]!)?.execId).toBe(processOfEvent(synthetic[0]!)?.execId);
    for (let i = 1; i < out.length; i++)
      expect(timestampMs(out[i]!.time!)).toBeGreaterThan(timestampMs(out[i - 1]!.time!));
    expect(timestampMs(out[0]!.time!)).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 1));
  });

  test("a file without events is an error", () => {
    const path = join(dir, "empty.log");
    writeFileSync(path, "hello\n");
    expect(() => loadReplayFile(path, () => {})).toThrow(/no Tetragon events/);
  });

  test("the agent streams a replayed .gz file over gRPC", async () => {
    const path = join(dir, "agent.log.gz");
    writeFileSync(path, gzipSync(new TextEncoder().encode(jsonLines.join("\n"))));
    const agent = await startDemoAgent({ replay: path, rate: 2000, log: () => {} });
    try {
      const client = createClient(
        FineGuidanceSensors,
        createGrpcTransport({ baseUrl: `http://${agent.address}` }),
      );
      const got: string[] = [];
      for await (const e of client.getEvents({})) {
        got.push(processOfEvent(e)?.execId ?? "");
        if (got.length === 5) break;
      }
      expect(got).toEqual(synthetic.slice(0, 5).map((e) => processOfEvent(e)?.execId ?? ""));
    } finally {
      await agent.close();
    }
  });

  test.skipIf(!existsSync(REAL))(
    "replays the real events in ../shared without skipping any",
    () => {
      const warnings: string[] = [];
      const log = loadReplayFile(REAL.pathname, (l) => warnings.push(l));
      expect(log.events).toHaveLength(32);
      expect(log.skipped).toBe(0);
      expect(warnings).toEqual([]);
    },
  );
});
if (!existsSync(REAL))
  console.warn(
    `replay.test: real-events test skipped: ${REAL.pathname} not found (../shared is absent)`,
  );
