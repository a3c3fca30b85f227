import { describe, expect, it } from "vitest";
import { reconnectDelay, type BackoffOptions } from "./reconnect-backoff";

const opts = (random: number): BackoffOptions => ({
  initialMs: 500,
  maxMs: 8000,
  factor: 2,
  jitter: 0.2,
  random: () => random,
});

describe("reconnectDelay", () => {
  it("grows exponentially from the initial delay up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((a) => reconnectDelay(a, opts(0.5)))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it("jitters within ±jitter of the delay and never above the cap", () => {
    expect(reconnectDelay(1, opts(0))).toBe(400);
    expect(reconnectDelay(1, opts(0.999999))).toBe(600);
    expect(reconnectDelay(10, opts(0.999999))).toBe(8000);
    expect(reconnectDelay(10, opts(0))).toBe(6400);
  });
});
