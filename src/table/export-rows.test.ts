import { fromJson, type JsonValue } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import type { RawEvent } from "../api/clients";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb";
import { toEventRow } from "../decode/to-event-row";
import type { StoreSnapshot } from "../stream/event-store";
import type { BufferEntry } from "../stream/types";
import { syntheticEvents } from "../testing/synthetic-events";
import { exportCsv, exportFileName, exportJsonl } from "./export-rows";

function snapshotOf(entries: BufferEntry<RawEvent>[]): StoreSnapshot<RawEvent> {
  return {
    rowCount: entries.length,
    rowAt: (i) => entries[i],
    received: entries.length,
    shown: entries.length,
    evicted: 0,
    dropped: 0,
    eventsPerSec: 0,
    paused: false,
    pendingNew: 0,
    capacity: 100,
    size: entries.length,
    version: 1,
  };
}

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
const events = [s.exec, s.hostile, s.exitSignal];
const entries: BufferEntry<RawEvent>[] = [
  ...events.map((raw, i) => ({
    type: "event" as const,
    id: `e${i}`,
    row: toEventRow(raw, i + 1),
    raw,
  })),
  { type: "gap", id: "g1", startMs: 0, endMs: 1, node: "", reason: "x", source: "browser" },
];

describe("exportJsonl", () => {
  const text = exportJsonl(snapshotOf(entries));
  const lines = text.split("\n").filter((l) => l !== "");

  it("writes one raw event per shown row (gaps left out) that decodes to the same event", () => {
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
});

describe("exportCsv", () => {
  it("exports the visible columns in table order, neutralised", () => {
    const csv = exportCsv(snapshotOf(entries), ["binary", "pod", "namespace", "args"]);
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

  it("guards formula-looking cells", () => {
    const raw = { ...s.exec };
    const row = { ...toEventRow(raw, 9), binary: "=cmd|' /C calc'!A0" };
    const csv = exportCsv(snapshotOf([{ type: "event", id: "e9", row, raw }]), ["binary"]);
    expect(csv.split("\r\n")[1]).toBe("\"'=cmd|' /C calc'!A0\"");
  });
});

describe("exportFileName", () => {
  it("stamps the UTC time without characters file systems reject", () => {
    expect(exportFileName(Date.UTC(2024, 4, 1, 12, 3, 4, 567), "csv")).toBe(
      "tetragon-events-2024-05-01T12-03-04Z.csv",
    );
    expect(exportFileName(0, "jsonl")).toBe("tetragon-events-1970-01-01T00-00-00Z.jsonl");
  });
});
