import { describe, expect, it } from "vitest";
import { parseTimeBound } from "./time-bound";

const ok = (text: string) => {
  const r = parseTimeBound(text);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  return r;
};

describe("parseTimeBound", () => {
  it("reads UTC and offsets, and covers the last unit given", () => {
    expect(ok("2022-01-19T16:29:01.861Z")).toEqual({
      ok: true,
      startMs: Date.parse("2022-01-19T16:29:01.861Z"),
      endMs: Date.parse("2022-01-19T16:29:01.862Z"),
    });
    expect(ok("2022-01-19T16:29Z")).toMatchObject({
      startMs: Date.parse("2022-01-19T16:29:00Z"),
      endMs: Date.parse("2022-01-19T16:30:00Z"),
    });
    expect(ok("2022-01-19 16:29:01+02:00").startMs).toBe(Date.parse("2022-01-19T14:29:01Z"));
    expect(ok("2022-01-19T16:29:01.5Z")).toMatchObject({
      startMs: Date.parse("2022-01-19T16:29:01.500Z"),
      endMs: Date.parse("2022-01-19T16:29:01.600Z"),
    });
    // Nanoseconds, as Tetragon writes them: compared to the millisecond.
    expect(ok("2022-01-19T16:29:01.861234567Z").startMs).toBe(
      Date.parse("2022-01-19T16:29:01.861Z"),
    );
  });

  it("reads a bound without a zone as local time (what the Time column shows)", () => {
    const day = ok("2022-01-19");
    expect(day.startMs).toBe(new Date(2022, 0, 19).getTime());
    expect(day.endMs).toBe(new Date(2022, 0, 20).getTime());
    expect(ok("2022-01-19 16:29").startMs).toBe(new Date(2022, 0, 19, 16, 29).getTime());
    expect(ok(" 2022-12-31T23:59:59 ").endMs).toBe(new Date(2023, 0, 1).getTime());
  });

  it.each(["", "yesterday", "2022-13-01", "2022-02-30", "2022-01-19T24:00", "16:29", "2022-1-9"])(
    "rejects %j with an example of what works",
    (text) => {
      const r = parseTimeBound(text);
      expect(r.ok).toBe(false);
      expect(r.ok ? "" : r.error).toMatch(/2026-12-02T15:04:05Z/);
    },
  );
});
