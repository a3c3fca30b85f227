import { toJsonString } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { gzipSync } from "fflate";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  GetEventsResponseSchema,
  type GetEventsResponse,
} from "../../src/gen/tetragon/events_pb.js";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { HealthStatusResult } from "../../src/gen/tetragon/tetragon_pb.js";
import { startDemoAgent } from "./agent.js";
import { processOfEvent } from "./event-filter.js";
import { createEventGenerator } from "./generator.js";
import { describeReplayLog, loadReplayFile } from "./replay.js";

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
/** A line from a newer agent: an unknown field inside the process (the event is kept). */
const newerLine = jsonLines
  .find((l) => l.startsWith('{"process_exec"'))!
  .replace('"process":{', '"process":{"sandbox_id":"sbx-1",');
/** Lines of the kinds older agents wrote (the fields are beside the point: they are skipped). */
const olderLine = (kind: string, port: number) =>
  JSON.stringify({
    [kind]: { process: { binary: "/usr/bin/nc" }, port },
    node_name: "kind-worker",
  });
const olderLines = [
  olderLine("process_connect", 443),
  olderLine("process_close", 443),
  olderLine("process_connect", 80),
  olderLine("process_listen", 8080),
];

const execIds = (events: GetEventsResponse[]) => events.map((e) => processOfEvent(e)?.execId);

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("loadReplayFile", () => {
  test("reads a gzipped `kubectl logs --prefix --timestamps` file with CRLF, silently", async () => {
    const text = jsonLines
      .map((l) => `[pod/tetragon-abcde/export-stdout] 2024-01-01T00:00:00.5Z ${l}\r\n`)
      .join("");
    const warnings: string[] = [];
    const log = await loadReplayFile(
      write("tetragon.log.gz", gzipSync(new TextEncoder().encode(text))),
      (l) => warnings.push(l),
    );
    expect(execIds(log.events)).toEqual(execIds(synthetic));
    expect(log.timesMs).toEqual(synthetic.map((e) => timestampMs(e.time!)));
    expect(warnings).toEqual([]);
  });

  test("unknown fields, older kinds and broken lines: ONE warning line, by name and line number", async () => {
    const secret = "SECRET-PAYLOAD";
    const path = write(
      "mixed.log",
      [
        jsonLines[0],
        newerLine,
        ...olderLines,
        `{"process_exec": {"process": {"binary": "${secret}"`,
        newerLine,
        `garbage ${secret}`,
        jsonLines[1],
      ].join("\n"),
    );
    const warnings: string[] = [];
    const log = await loadReplayFile(path, (l) => warnings.push(l));
    expect(log.events).toHaveLength(4);
    expect(warnings).toHaveLength(1);
    const [warning] = warnings;
    expect(warning).toMatch(/^replay: .*mixed\.log: read 4 events; tolerated unknown fields: /);
    for (const name of [
      "tolerated unknown fields: process_exec.process.sandbox_id (2)",
      "skipped older kinds: process_connect (2), process_close (1), process_listen (1)",
      "2 lines not events (first: line 7: not valid JSON",
    ])
      expect(warning).toContain(name);
    expect(warning).not.toContain(secret);
  });

  test("a file without events is an error that says what it found", async () => {
    await expect(loadReplayFile(write("empty.log", "hello\n"), () => {})).rejects.toThrow(
      /no Tetragon events in .*empty\.log \(read 0 events; 1 line not events \(first: line 1: not a JSON object\)\)/,
    );
    await expect(loadReplayFile(write("old.log", olderLines.join("\n")), () => {})).rejects.toThrow(
      /skipped older kinds: process_connect \(2\)/,
    );
  });

  test("a missing file and a cut gzip file are clear errors", async () => {
    await expect(loadReplayFile(join(dir, "nope.log"), () => {})).rejects.toThrow(
      /^replay: cannot read .*nope\.log: ENOENT/,
    );
    const gz = gzipSync(new TextEncoder().encode(jsonLines.join("\n")));
    await expect(
      loadReplayFile(write("cut.gz", gz.subarray(0, gz.length - 40)), () => {}),
    ).rejects.toThrow(/^replay: cannot read .*cut\.gz: gzip: /);
  });

  test("describes the file by count and time span", async () => {
    const log = await loadReplayFile(
      write("two.log", `${jsonLines[0]}\n${jsonLines[49]}\n`),
      () => {},
    );
    expect(describeReplayLog(log)).toMatch(
      /^2 events, 2024-01-01T00:00:\d\dZ … 2024-01-01T00:00:\d\dZ$/,
    );
  });
});

const client = (address: string) =>
  createClient(FineGuidanceSensors, createGrpcTransport({ baseUrl: `http://${address}` }));

async function takeN(address: string, n: number, controller: AbortController) {
  const got: GetEventsResponse[] = [];
  const it = client(address).getEvents({}, { signal: controller.signal })[Symbol.asyncIterator]();
  while (got.length < n) {
    const r = await it.next();
    if (r.done) break;
    got.push(r.value);
  }
  return { got, it };
}

describe("the agent replaying a file over gRPC", () => {
  test("sends the file once from its first event, keeps the times, then stays open and healthy", async () => {
    const agent = await startDemoAgent({
      replay: write("once.log", jsonLines.join("\n")),
      log: () => {},
    });
    try {
      const controller = new AbortController();
      const { got, it } = await takeN(agent.address, 50, controller);
      expect(execIds(got)).toEqual(execIds(synthetic));
      expect(got.map((e) => timestampMs(e.time!))).toEqual(
        synthetic.map((e) => timestampMs(e.time!)),
      );
      // The pass is complete and the stream is still open: no end, no error.
      await expect.poll(() => agent.replayPasses()).toBe(1);
      expect(agent.openStreams()).toBe(1);
      expect((await client(agent.address).getHealth({})).healthStatus[0]?.status).toBe(
        HealthStatusResult.HEALTH_STATUS_RUNNING,
      );
      // A second stream starts over at the first event.
      const second = await takeN(agent.address, 50, new AbortController());
      expect(execIds(second.got)).toEqual(execIds(synthetic));
      await expect.poll(() => agent.replayPasses()).toBe(2);
      const pending = it.next();
      controller.abort();
      await expect(pending).rejects.toThrow();
      void second.it.return?.();
    } finally {
      await agent.close();
    }
  });

  test("--loop: the first event comes again after the last, --retime stamps send times", async () => {
    const agent = await startDemoAgent({
      replay: write("loop.log", jsonLines.slice(0, 5).join("\n")),
      loop: true,
      retime: true,
      log: () => {},
    });
    try {
      const before = Date.now();
      const { got } = await takeN(agent.address, 12, new AbortController());
      expect(execIds(got)).toEqual(
        execIds([...synthetic.slice(0, 5), ...synthetic.slice(0, 5), ...synthetic.slice(0, 2)]),
      );
      for (const e of got) expect(timestampMs(e.time!)).toBeGreaterThanOrEqual(before);
    } finally {
      await agent.close();
    }
  });

  test("speed and rate together are refused", async () => {
    await expect(
      startDemoAgent({ replay: write("x.log", jsonLines[0]!), speed: 1, rate: 5, log: () => {} }),
    ).rejects.toThrow(/either speed or rate/);
  });
});

describe.skipIf(!existsSync(REAL))("the 32 real events of ../shared", () => {
  test("load with no warning and replay byte for byte in file order", async () => {
    const warnings: string[] = [];
    const log = await loadReplayFile(REAL.pathname, (l) => warnings.push(l));
    expect(log.events).toHaveLength(32);
    expect(warnings).toEqual([]);
    const agent = await startDemoAgent({ replay: REAL.pathname, log: () => {} });
    try {
      const { got } = await takeN(agent.address, 32, new AbortController());
      const lines = readFileSync(REAL, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "");
      expect(
        got.map((e) => toJsonString(GetEventsResponseSchema, e, { useProtoFieldName: true })),
      ).toEqual(
        log.events.map((e) =>
          toJsonString(GetEventsResponseSchema, e, { useProtoFieldName: true }),
        ),
      );
      const first = JSON.parse(lines[0]!) as { process_exec: { process: { binary: string } } };
      expect(processOfEvent(got[0]!)?.binary).toBe(first.process_exec.process.binary);
      await expect.poll(() => agent.replayPasses()).toBe(1);
    } finally {
      await agent.close();
    }
  });
});
if (!existsSync(REAL))
  console.warn(
    `replay.test: real-events tests skipped: ${REAL.pathname} not found (../shared is absent)`,
  );
