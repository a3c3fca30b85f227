import { equals, toJsonString } from "@bufbuild/protobuf";
import { gzipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import {
  newerKprobeLine,
  olderExecLine,
  olderKindLines,
} from "../testing/older-tetragon-events.js";
import { loadRealEvents, REAL_EVENTS_SKIP } from "../testing/real-events.js";
import { allSyntheticEvents } from "../testing/synthetic-events.js";
import { readTetragonLogEvents, TetragonLogReader, type ReadLine } from "./log-reader.js";

const real = loadRealEvents();
if (!real) console.warn(`src/logs: ${REAL_EVENTS_SKIP}`);

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) {
    await Promise.resolve();
    yield bytes.subarray(i, i + size);
  }
}

const ownLines = allSyntheticEvents()
  .filter((e) => e.event.case !== undefined)
  .map((e) => toJsonString(GetEventsResponseSchema, e, { useProtoFieldName: true }));

describe("TetragonLogReader", () => {
  test.skipIf(!real)(
    "the real events as `kubectl logs --prefix --timestamps` output, CRLF, gzipped, 97-byte chunks",
    async () => {
      const text = (real ?? [])
        .map(
          (e) => `[pod/tetragon-x7k2p/export-stdout] 2024-05-01T10:00:00.000000001Z ${e.line}\r\n`,
        )
        .join("");
      const reader = new TetragonLogReader();
      const got = [];
      for await (const e of readTetragonLogEvents(
        chunksOf(gzipSync(new TextEncoder().encode(text)), 97),
        reader,
      ))
        got.push(e);
      expect(got).toHaveLength(32);
      got.forEach((e, i) => {
        expect(e.lineNumber).toBe(i + 1);
        expect(equals(GetEventsResponseSchema, e.message, real![i]!.res)).toBe(true);
      });
      expect(reader.stats.events).toBe(32);
      expect(reader.stats.summary()).toBe("");
    },
  );

  test("a mixed log: events kept in order, older kinds and broken lines counted by line", () => {
    const lines = [
      ownLines[0]!,
      ...olderKindLines(),
      "",
      '{"process_exec": {"process": ',
      olderExecLine(),
      newerKprobeLine(),
      ownLines[1]!,
    ];
    const reader = new TetragonLogReader();
    const out: ReadLine[] = [];
    const bytes = new TextEncoder().encode(lines.join("\n"));
    for (let i = 0; i < bytes.length; i += 13) out.push(...reader.push(bytes.subarray(i, i + 13)));
    out.push(...reader.end());
    expect(out.map((r) => [r.lineNumber, r.result.kind])).toEqual([
      [1, "event"],
      [2, "skipped"],
      [3, "skipped"],
      [4, "skipped"],
      [5, "skipped"],
      [6, "blank"],
      [7, "error"],
      [8, "event"],
      [9, "event"],
      [10, "event"],
    ]);
    expect(reader.stats.summary()).toMatch(
      /^read 4 events; tolerated unknown fields: .*; skipped older kinds: process_connect \(2\), process_close \(1\), process_listen \(1\); 1 line not events \(first: line 7: not valid JSON/,
    );
  });

  test("an over-long line is an error naming the limit, and reading goes on", () => {
    const reader = new TetragonLogReader({ maxLineChars: 100 });
    const long = `{"process_exec":{"process":{"arguments":"${"A".repeat(500)}"}}}`;
    const out = [
      ...reader.push(`${long}\n`),
      ...reader.push(ownLines[0]!.slice(0, 80)),
      ...reader.end(),
    ];
    expect(out[0]?.result).toEqual({
      kind: "error",
      reason: `line of ${long.length} characters is over the 100-character limit`,
    });
    expect(out[1]?.result.kind).toBe("error"); // cut JSON, not a crash
    expect(reader.stats.errors).toBe(2);
  });

  test("text chunks work too (a string from a textarea or a fetch)", () => {
    const reader = new TetragonLogReader();
    const out = [...reader.push(`${ownLines[0]!}\n${ownLines[1]!}`), ...reader.end()];
    expect(out.map((r) => r.result.kind)).toEqual(["event", "event"]);
  });

  test("a gzip file cut short fails the read with a clear error after the lines it had", async () => {
    const gz = gzipSync(new TextEncoder().encode(ownLines.join("\n")));
    const got: number[] = [];
    await expect(async () => {
      for await (const e of readTetragonLogEvents(chunksOf(gz.subarray(0, gz.length - 40), 50)))
        got.push(e.lineNumber);
    }).rejects.toThrow(/^gzip: /);
    expect(got.length).toBeGreaterThan(0);
  });
});
