import { fromBinary, toBinary, toJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb";
import { kprobeHooks } from "../testing/synthetic-events";
import { PageRow, pageRows, StringInterner } from "./page-row";
import { toEventRow, toRowFields } from "../decode/to-event-row";

describe("PageRow", () => {
  const events = Object.values(kprobeHooks());
  const bytes = events.map((e) => toBinary(GetEventsResponseSchema, e));
  const all = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
  const ends = new Uint32Array(bytes.length);
  let at = 0;
  bytes.forEach((b, i) => {
    all.set(b, at);
    at += b.length;
    ends[i] = at;
  });
  const fields = bytes.map((b, i) => toRowFields(fromBinary(GetEventsResponseSchema, b), i + 1));
  const rows = pageRows(fields, all.buffer, ends, new StringInterner());

  it("has every field toEventRow computes, with the same values", () => {
    expect(rows).toHaveLength(events.length);
    rows.forEach((row, i) => {
      const expected = toEventRow(
        fromBinary(GetEventsResponseSchema, bytes[i] ?? new Uint8Array()),
        i + 1,
      );
      for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
        if (key === "raw") continue;
        expect(row[key], key).toEqual(expected[key]);
      }
    });
  });

  it("decodes raw from its own bytes, equal to the message sent", () => {
    rows.forEach((row, i) => {
      const original = events[i];
      if (original === undefined) throw new Error("missing event");
      expect(toJson(GetEventsResponseSchema, row.raw)).toEqual(
        toJson(GetEventsResponseSchema, original),
      );
      expect(row.byteLength).toBe(bytes[i]?.length);
    });
  });

  it("is its own ingest item", () => {
    const row = rows[0];
    expect(row?.row).toBe(row);
  });

  it("shares one label array per distinct label list", () => {
    const intern = new StringInterner();
    const f = {
      ...toRowFields(fromBinary(GetEventsResponseSchema, bytes[0] ?? new Uint8Array()), 1),
      labels: ["app=x", "tier=y"],
    };
    const a = new PageRow(f, intern, all.buffer, 0, ends[0] ?? 0);
    const b = new PageRow(
      { ...f, labels: ["app=x", "tier=y"], seq: 2 },
      intern,
      all.buffer,
      0,
      ends[0] ?? 0,
    );
    expect(a.labels).toBe(b.labels);
    expect(a.labels).toEqual(["app=x", "tier=y"]);
  });
});
