import { create, fromJson, toBinary, type JsonValue } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema, type GetEventsResponse } from "../gen/tetragon/events_pb";
import type { ColumnId } from "../model/columns";
import type { ExportFormat } from "../protocol/protocol";
import { FakeScheduler } from "../testing/fake-scheduler";
import { syntheticEvents } from "../testing/synthetic-events";
import { exportJob } from "./export";
import { EventStore } from "./store/event-store";

/** C0 control characters in `text`, other than those in `allowed`. */
function controls(text: string, allowed: string): number[] {
  const found: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && !allowed.includes(text.charAt(i))) found.push(c);
  }
  return found;
}

const s = syntheticEvents();

function run(events: GetEventsResponse[], format: ExportFormat, columns: ColumnId[] = []) {
  const store = new EventStore({ capacity: events.length });
  for (const e of events) store.append(toBinary(GetEventsResponseSchema, e));
  const positions = Float64Array.from(events, (_e, i) => i);
  const scheduler = new FakeScheduler();
  const chunks: string[] = [];
  let rows = 0;
  let done = false;
  exportJob(store, positions, format, columns, scheduler, {
    chunk: (text, n) => {
      chunks.push(text);
      rows += n;
    },
    done: () => {
      done = true;
    },
  });
  scheduler.runAll();
  expect(done).toBe(true);
  return { text: chunks.join(""), rows, chunks: chunks.length };
}

describe("JSONL export", () => {
  const events = [s.exec, s.hostile, s.exitSignal];
  const { text, rows } = run(events, "jsonl");
  const lines = text.split("\n").filter((l) => l !== "");

  it("writes one raw event per row that decodes to the same event", () => {
    expect(rows).toBe(events.length);
    expect(lines).toHaveLength(events.length);
    lines.forEach((line, i) => {
      const back = fromJson(GetEventsResponseSchema, JSON.parse(line) as JsonValue);
      expect(back).toEqual(events[i]);
    });
  });

  it("escapes bidi and invisible characters instead of writing them raw", () => {
    expect(text).not.toMatch(/[\u202e\u200b\u2066\u2069]/u);
    // Control characters other than the line breaks stay JSON-escaped.
    expect(controls(text, "\n")).toEqual([]);
    expect(text).toContain("\\u202E");
  });

  it("streams many events in several chunks, each event once", () => {
    const many = Array.from({ length: 1000 }, () => s.exec);
    const out = run(many, "jsonl");
    expect(out.rows).toBe(1000);
    expect(out.chunks).toBeGreaterThan(1);
    expect(out.text.split("\n").filter((l) => l !== "")).toHaveLength(1000);
  });
});

describe("CSV export", () => {
  it("exports the visible columns in table order, neutralised", () => {
    const events = [s.exec, s.hostile, s.exitSignal];
    const { text: csv } = run(events, "csv", ["binary", "pod", "namespace", "args"]);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe('"Namespace","Pod","Binary","Arguments"');
    expect(lines).toHaveLength(events.length + 2);
    const hostile = lines[2] ?? "";
    expect(hostile).toContain("⟨U+202E⟩");
    expect(hostile).toContain("␛[31m");
    expect(hostile).toContain('"<img src=x onerror=alert(1)>"');
    expect(controls(csv, "\r\n")).toEqual([]);
    expect(csv).not.toMatch(/[\u202e\u200b]/u);
    // The whole 1 MiB argument is kept (an export is not a table cell).
    expect(hostile.length).toBeGreaterThan(1024 * 1024);
  });

  it("names the type and function as the table does (process, not exec)", () => {
    const { text: csv } = run([s.exec, s.exitSignal, s.lsm], "csv", ["type", "function"]);
    expect(csv.split("\r\n").slice(0, 4)).toEqual([
      '"Type","Function"',
      '"process",""',
      '"exit",""',
      '"LSM","file_open"',
    ]);
  });

  it("guards formula-looking cells", () => {
    const event = create(GetEventsResponseSchema, {
      event: { case: "processExec", value: { process: { binary: "=cmd|' /C calc'!A0" } } },
    });
    const { text: csv } = run([event], "csv", ["binary"]);
    expect(csv.split("\r\n")[1]).toBe("\"'=cmd|' /C calc'!A0\"");
  });
});
