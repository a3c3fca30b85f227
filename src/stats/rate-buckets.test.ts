import { describe, expect, it } from "vitest";
import { RateBuckets } from "./rate-buckets";

const T = 1_700_000_000_000; // a whole second
const sec = (ms: number) => Math.floor(ms / 1000);

describe("RateBuckets", () => {
  it("counts events per second per kind, oldest second first, ending at now", () => {
    const r = new RateBuckets(5);
    r.record("exec", T);
    r.record("exec", T + 999);
    r.record("kprobe", T + 1_500);
    r.record("kprobe", T + 3_000, 4);
    const s = r.snapshot(T + 3_200);
    expect(s.seconds).toEqual([sec(T) - 1, sec(T), sec(T) + 1, sec(T) + 2, sec(T) + 3]);
    expect(s.series).toEqual([
      { kind: "exec", counts: [0, 2, 0, 0, 0] },
      { kind: "kprobe", counts: [0, 0, 1, 0, 4] },
    ]);
    expect(s.total).toBe(7);
  });

  it("lists only kinds seen in the window, in stacking order", () => {
    const r = new RateBuckets(3);
    r.record("lsm", T);
    r.record("exec", T);
    r.record("unknown", T);
    expect(r.snapshot(T).series.map((x) => x.kind)).toEqual(["exec", "lsm", "unknown"]);
  });

  it("forgets seconds that slid out of the window, and reads a quiet period as zeros", () => {
    const r = new RateBuckets(3);
    r.record("exec", T, 10);
    r.record("exec", T + 1_000, 20);
    expect(r.snapshot(T + 2_000).series[0]?.counts).toEqual([10, 20, 0]);
    expect(r.snapshot(T + 3_000).series[0]?.counts).toEqual([20, 0, 0]);
    // Wrapping the ring: the slot of second T is reused for T+3 and must start at zero.
    r.record("exec", T + 3_500, 1);
    expect(r.snapshot(T + 3_500).series[0]?.counts).toEqual([20, 0, 1]);
    expect(r.snapshot(T + 60_000)).toMatchObject({ series: [], total: 0 });
  });

  it("adds a late event to its own second, and drops one older than the window", () => {
    const r = new RateBuckets(3);
    r.record("exec", T + 2_000);
    r.record("exec", T + 500); // late, still in the window
    r.record("exec", T - 5_000); // too old
    expect(r.snapshot(T + 2_000).series[0]?.counts).toEqual([1, 0, 1]);
  });

  it("moves the window forward for an event newer than the last snapshot", () => {
    const r = new RateBuckets(2);
    r.snapshot(T);
    r.record("exit", T + 10_000);
    expect(r.snapshot(T).seconds).toEqual([sec(T) + 9, sec(T) + 10]);
  });

  it("ignores events without a time, is empty before anything happens, and clears", () => {
    const r = new RateBuckets(2);
    expect(r.snapshot(Number.NaN)).toEqual({ seconds: [], series: [], total: 0 });
    r.record("exec", Number.NaN);
    r.record("exec", T);
    r.clear();
    expect(r.snapshot(T).total).toBe(0);
  });

  it("refuses a window that is not a positive whole number of seconds", () => {
    expect(() => new RateBuckets(0)).toThrow(/positive integer/);
    expect(() => new RateBuckets(1.5)).toThrow(/positive integer/);
  });
});
