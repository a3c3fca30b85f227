import { describe, expect, it } from "vitest";
import { parseColumnWidths } from "./use-column-widths";

describe("parseColumnWidths", () => {
  it("reads the widths the user set", () => {
    expect(parseColumnWidths('{"pod":240,"summary":612.4}')).toEqual({ pod: 240, summary: 612 });
  });

  it("drops unknown columns, bad widths and anything that is not an object", () => {
    expect(parseColumnWidths('{"nope":100,"pod":-5,"node":"wide","binary":1e9}')).toEqual({});
    for (const bad of [null, "", "[1,2]", "42", "{", "null"]) {
      expect(parseColumnWidths(bad)).toEqual({});
    }
  });
});
