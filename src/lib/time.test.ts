import { describe, expect, it } from "vitest";
import { cn } from "./cn.js";
import { formatClock, formatDuration, formatIso, fullTime } from "./time.js";

describe("time formatting", () => {
  it("formats local clock time to the millisecond", () => {
    const d = new Date(2024, 0, 2, 3, 4, 5, 6);
    expect(formatClock(d.getTime())).toBe("03:04:05.006");
  });
  it("formats ISO in UTC", () => {
    expect(formatIso(Date.UTC(2022, 0, 19, 16, 29, 1, 861))).toBe("2022-01-19T16:29:01.861Z");
  });
  it("empty for missing times", () => {
    expect(formatClock(NaN)).toBe("");
    expect(formatIso(NaN)).toBe("");
    expect(formatIso(8.64e15 + 1)).toBe("");
  });
  it("prefers the agent's own string", () => {
    expect(fullTime("2022-10-18T03:16:21.373327754Z", 0)).toBe("2022-10-18T03:16:21.373327754Z");
    expect(fullTime("", 0)).toBe("1970-01-01T00:00:00.000Z");
  });
});

describe("cn", () => {
  it("joins truthy class names", () => {
    expect(cn("a", false, undefined, "b", null, 0, "c")).toBe("a b c");
    expect(cn()).toBe("");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0 ms"],
    [850.4, "850 ms"],
    [999, "999 ms"],
    [1000, "1.0 s"],
    [3_249, "3.2 s"],
    [59_999, "59.9 s"],
    [60_000, "1 min"],
    [252_000, "4 min 12 s"],
    [3_600_000, "1 h"],
    [7_500_000, "2 h 5 min"],
    [273_600_000, "3 d 4 h"],
    [-1, ""],
    [Number.NaN, ""],
    [Number.POSITIVE_INFINITY, ""],
  ])("%s ms -> %j", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
