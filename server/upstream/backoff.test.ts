import { describe, expect, it } from "vitest";
import { backoffDelay, defaultBackoff } from "./backoff.js";

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
