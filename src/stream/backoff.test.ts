import { describe, expect, it } from "vitest";
import { backoffDelay, type BackoffOptions } from "./backoff";

const opts = (random: number): BackoffOptions => ({
  initialMs: 500,
  maxMs: 8000,
  factor: 2,
  jitter: 0.2,
  random: () => random,
});

describe("backoffDelay", () => {
  it("grows exponentially from the initial delay up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, opts(0.5)))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it("jitters within ±jitter of the delay and never above the cap", () => {
    expect(backoffDelay(1, opts(0))).toBe(400);
    expect(backoffDelay(1, opts(0.999999))).toBe(600);
    expect(backoffDelay(10, opts(0.999999))).toBe(8000);
    expect(backoffDelay(10, opts(0))).toBe(6400);
  });
});
