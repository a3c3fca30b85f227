import { describe, expect, it } from "vitest";
import { RateBuckets } from "./rate-buckets";
import { rateSummary, stackRate } from "./rate-chart-data";

const T = 1_700_000_000_000;

describe("stackRate", () => {
  it("gives cumulative series, top of the stack first, whose differences are the counts", () => {
    const s = {
      seconds: [10, 11, 12],
      series: [
        { kind: "exec" as const, counts: [1, 0, 2] },
        { kind: "kprobe" as const, counts: [3, 4, 0] },
        { kind: "exit" as const, counts: [0, 1, 1] },
      ],
      total: 12,
    };
    expect(stackRate(s)).toEqual({
      kinds: ["exit", "kprobe", "exec"],
      data: [
        [10, 11, 12],
        [4, 5, 3],
        [4, 4, 2],
        [1, 0, 2],
      ],
    });
  });

  it("has only the time axis when nothing happened", () => {
    expect(stackRate({ seconds: [1, 2], series: [], total: 0 })).toEqual({
      kinds: [],
      data: [[1, 2]],
    });
  });
});

describe("rateSummary", () => {
  it("says the recent rate, the window's total and each kind's share", () => {
    const r = new RateBuckets(300);
    for (let s = 0; s < 20; s++) {
      for (let i = 0; i < 3; i++) r.record("kprobe", T + s * 1000);
      r.record("exec", T + s * 1000);
    }
    r.record("exec", T + 20_500, 50); // the current, partial second: not in "now"
    expect(rateSummary(r.snapshot(T + 20_500))).toBe(
      "4.0 events/s in the last 10 s; 130 events in 5 min: exec 54 %, kprobe 46 %.",
    );
  });

  it("says when there is nothing", () => {
    expect(rateSummary(new RateBuckets(300).snapshot(T))).toBe("No events in the last 5 min.");
    expect(rateSummary(new RateBuckets(30).snapshot(T))).toBe("No events in the last 30 s.");
    expect(rateSummary(new RateBuckets(30).snapshot(Number.NaN))).toBe("No events yet.");
  });
});
