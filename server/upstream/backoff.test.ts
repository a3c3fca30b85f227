import { describe, expect, it } from "vitest";
import { backoffDelay, defaultBackoff, nextRetry } from "./backoff.js";

describe("backoffDelay", () => {
  it("starts near 250 ms and doubles, with jitter in [ceiling/2, ceiling]", () => {
    expect(backoffDelay(0, defaultBackoff, () => 0)).toBe(125);
    expect(backoffDelay(0, defaultBackoff, () => 1)).toBe(250);
    expect(backoffDelay(3, defaultBackoff, () => 1)).toBe(2000);
    expect(backoffDelay(3, defaultBackoff, () => 0)).toBe(1000);
  });

  it("caps at 30 s even for huge attempt counts", () => {
    expect(backoffDelay(10, defaultBackoff, () => 1)).toBe(30_000);
    expect(backoffDelay(10_000, defaultBackoff, () => 1)).toBe(30_000);
    expect(backoffDelay(10_000, defaultBackoff, () => 0)).toBe(15_000);
  });
});

describe("nextRetry", () => {
  const top = () => 1;
  it("caps the ceiling at shortMaxMs while the outage is short", () => {
    const delays: number[] = [];
    let step = 0;
    for (let i = 0; i < 8; i++) {
      const plan = nextRetry(step, 1_000 * i, defaultBackoff, top);
      delays.push(plan.delayMs);
      step = plan.nextStep;
    }
    expect(delays).toEqual([250, 500, 1000, 1000, 1000, 1000, 1000, 1000]);
  });

  it("after the short window, keeps doubling from the short cap up to 30 s", () => {
    let step = nextRetry(10, 1_000, defaultBackoff, top).nextStep;
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const plan = nextRetry(step, 20_000 + i, defaultBackoff, top);
      delays.push(plan.delayMs);
      step = plan.nextStep;
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it("keeps full jitter: never below half the ceiling", () => {
    expect(nextRetry(5, 0, defaultBackoff, () => 0).delayMs).toBe(500);
    expect(nextRetry(0, 0, defaultBackoff, () => 0).delayMs).toBe(125);
  });

  it("without a short window it is plain exponential backoff", () => {
    const config = { initialMs: 20, maxMs: 200 };
    expect(nextRetry(0, 0, config, top)).toEqual({ delayMs: 20, nextStep: 1 });
    expect(nextRetry(5, 0, config, top)).toEqual({ delayMs: 200, nextStep: 6 });
  });
});
