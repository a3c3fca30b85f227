import { describe, expect, it } from "vitest";
import { RingBuffer } from "./ring-buffer";

describe("RingBuffer", () => {
  it("keeps items in order until full", () => {
    const b = new RingBuffer<number>(3);
    expect(b.push(1)).toBeUndefined();
    expect(b.push(2)).toBeUndefined();
    expect([...b]).toEqual([1, 2]);
    expect(b.size).toBe(2);
  });

  it("wraps around, evicting the oldest and keeping absolute positions", () => {
    const b = new RingBuffer<number>(3);
    for (const n of [1, 2, 3]) b.push(n);
    expect(b.push(4)).toBe(1);
    expect(b.push(5)).toBe(2);
    expect([...b]).toEqual([3, 4, 5]);
    expect(b.start).toBe(2);
    expect(b.end).toBe(5);
    expect(b.at(1)).toBeUndefined();
    expect(b.at(2)).toBe(3);
    expect(b.at(4)).toBe(5);
    expect(b.at(5)).toBeUndefined();
    // Many laps: still the newest three.
    for (let n = 6; n <= 100; n++) b.push(n);
    expect([...b]).toEqual([98, 99, 100]);
  });

  it("clear empties without reusing positions", () => {
    const b = new RingBuffer<number>(2);
    b.push(1);
    b.push(2);
    b.clear();
    expect(b.size).toBe(0);
    expect(b.at(1)).toBeUndefined();
    b.push(3);
    expect(b.at(2)).toBe(3);
    expect([...b]).toEqual([3]);
  });

  it("rejects a non-positive capacity", () => {
    expect(() => new RingBuffer<number>(0)).toThrow(RangeError);
  });
});
