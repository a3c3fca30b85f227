import { describe, expect, it } from "vitest";
import { abbaShown } from "./strip-compare.js";

describe("abbaShown", () => {
  it("orders the strip's windows hidden, shown, shown, hidden, and again", () => {
    const order = Array.from({ length: 8 }, (_, i) => (abbaShown(i) ? "s" : "h")).join("");
    expect(order).toBe("hsshhssh");
  });

  it("gives both states the same mean window index over whole ABBA blocks (drift cancels)", () => {
    for (const windows of [4, 8, 12, 16]) {
      const mean = (shown: boolean) => {
        const idx = Array.from({ length: windows }, (_, i) => i).filter(
          (i) => abbaShown(i) === shown,
        );
        return idx.reduce((a, b) => a + b, 0) / idx.length;
      };
      expect(mean(true)).toBe(mean(false));
    }
  });
});
