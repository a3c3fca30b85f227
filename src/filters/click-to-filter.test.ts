import { describe, expect, it } from "vitest";
import { RE2JS } from "re2js";
import { toRowView } from "../decode/to-row.js";
import { compileFilters, rowPredicate } from "../ingest/query/compile.js";
import { syntheticEvents } from "../testing/synthetic-events.js";
import { exactPattern, hideThis, onlyThis, quoteRe2 } from "./click-to-filter.js";
import { EMPTY_FILTERS } from "./filter-spec.js";

const base = toRowView(syntheticEvents().exec, 0);

describe("click to filter", () => {
  it("quotes exactly as RE2JS.quote does", () => {
    for (const v of ["\\.+*?()|[]{}^$", "plain", "a-b/c:d", "ünï©ødé", "", "(?i)x", "\\Q"]) {
      expect(quoteRe2(v)).toBe(RE2JS.quote(v));
    }
  });

  it("only this: exact, with special characters quoted", () => {
    const s = onlyThis(EMPTY_FILTERS, "binary", "/usr/bin/c++");
    expect(s.binary).toBe("^/usr/bin/c\\+\\+$");
    const p = rowPredicate(compileFilters(s));
    expect(p({ ...base, binary: "/usr/bin/c++" })).toBe(true);
    expect(p({ ...base, binary: "/usr/bin/cc" })).toBe(false);
    expect(p({ ...base, binary: "/usr/bin/c++-12" })).toBe(false);
  });

  it.each(["a.b", "x|y", "(paren)", "[set]", "^$", "back\\slash", "q?*+{1}", "ünï©ødé", ""])(
    "exactPattern(%j) matches only itself",
    (v) => {
      const p = rowPredicate(compileFilters({ ...EMPTY_FILTERS, pod: exactPattern(v) }));
      expect(p({ ...base, pod: v })).toBe(true);
      expect(p({ ...base, pod: `${v}x` })).toBe(false);
    },
  );

  it("only this pod replaces a hide on that field", () => {
    const s = onlyThis({ ...EMPTY_FILTERS, pod: "!^a$" }, "pod", "xwing");
    expect(s.pod).toBe("^xwing$");
  });

  it("hide this: negated exact pattern, accumulating", () => {
    let s = hideThis(EMPTY_FILTERS, "binary", "/usr/bin/curl");
    expect(s.binary).toBe("!^/usr/bin/curl$");
    s = hideThis(s, "binary", "/bin/sh");
    expect(s.binary).toBe("!^/usr/bin/curl$|^/bin/sh$");
    expect(hideThis(s, "binary", "/bin/sh")).toBe(s);
    const p = rowPredicate(compileFilters(s));
    expect(p({ ...base, binary: "/usr/bin/curl" })).toBe(false);
    expect(p({ ...base, binary: "/bin/sh" })).toBe(false);
    expect(p({ ...base, binary: "/bin/bash" })).toBe(true);
  });

  it("hide this fences off a previous pattern that sets flags", () => {
    const s = hideThis({ ...EMPTY_FILTERS, pod: "!(?i)XWING" }, "pod", "Tie");
    expect(s.pod).toBe("!(?:(?i)XWING)|^Tie$");
    const p = rowPredicate(compileFilters(s));
    expect(p({ ...base, pod: "xwing" })).toBe(false);
    expect(p({ ...base, pod: "Tie" })).toBe(false);
    expect(p({ ...base, pod: "tie" })).toBe(true);
  });

  it("hide replaces an include pattern on the same field", () => {
    expect(hideThis({ ...EMPTY_FILTERS, pod: "xwing" }, "pod", "xwing-1").pod).toBe("!^xwing-1$");
  });

  it("event type: only and hide by kind", () => {
    expect(onlyThis(EMPTY_FILTERS, "eventType", "kprobe").eventType).toBe("kprobe");
    let s = hideThis(EMPTY_FILTERS, "eventType", "kprobe");
    expect(s.eventType).toBe("!kprobe");
    s = hideThis(s, "eventType", "process_exit");
    expect(s.eventType).toBe("!kprobe,exit");
    expect(compileFilters(s).ok).toBe(true);
  });

  it("leaves the other fields alone", () => {
    const start = { ...EMPTY_FILTERS, search: "x", namespace: "default" };
    expect(onlyThis(start, "pod", "p")).toEqual({ ...start, pod: "^p$" });
  });
});
