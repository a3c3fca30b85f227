import { describe, expect, it } from "vitest";
import { EventRate } from "./event-rate.js";

describe("EventRate", () => {
  it("averages complete seconds of the last ten and forgets older ones", () => {
    const rate = new EventRate();
    for (let i = 0; i < 50; i++) rate.add(100_000 + i); // 50 events in second 100
    rate.add(101_500); // the current, partial second is not counted
    expect(rate.perSecond(101_900)).toBe(5);
    expect(rate.perSecond(111_000)).toBe(0.1);
    expect(rate.perSecond(200_000)).toBe(0);
  });
});
