import { describe, expect, it } from "vitest";
import { toRowView } from "../../decode/to-row.js";
import type { FilterSpec } from "../../filters/filter-spec.js";
import { EMPTY_FILTERS } from "../../filters/filter-spec.js";
import type { RowView } from "../../model/row.js";
import { searchTextOf } from "../../model/search-text.js";
import { allSyntheticEvents, syntheticEvents } from "../../testing/synthetic-events.js";
import { compileField, compileFilters, matchesAll, rowPredicate } from "./compile.js";

function row(over: Partial<RowView>): RowView {
  return { ...toRowView(syntheticEvents().exec, 0), ...over };
}
const spec = (over: Partial<FilterSpec>): FilterSpec => ({ ...EMPTY_FILTERS, ...over });
const matches = (over: Partial<FilterSpec>, r: RowView): boolean => {
  const c = compileFilters(spec(over));
  expect(c.errors).toEqual({});
  return rowPredicate(c)(r);
};

describe("regex fields (RE2, unanchored like Tetragon's pod_regex)", () => {
  const xwing = row({ pod: "xwing-7d9f", namespace: "default", binary: "/usr/bin/curl" });

  it("empty spec matches everything", () => {
    const c = compileFilters(EMPTY_FILTERS);
    expect(c.ok).toBe(true);
    expect(matchesAll(c)).toBe(true);
    expect(rowPredicate(c)(xwing)).toBe(true);
  });

  it("a plain word matches as a substring", () => {
    expect(matches({ pod: "xwing" }, xwing)).toBe(true);
    expect(matches({ pod: "wing" }, xwing)).toBe(true);
    expect(matches({ pod: "tiefighter" }, xwing)).toBe(false);
    expect(matches({ pod: "  xwing  " }, xwing)).toBe(true);
  });

  it("anchors, alternation, case-insensitivity", () => {
    expect(matches({ pod: "^xwing$" }, xwing)).toBe(false);
    expect(matches({ pod: "^xwing-" }, xwing)).toBe(true);
    expect(matches({ binary: "^/usr/bin/(curl|wget)$" }, xwing)).toBe(true);
    expect(matches({ binary: "wget|curl" }, xwing)).toBe(true);
    expect(matches({ pod: "XWING" }, xwing)).toBe(false);
    expect(matches({ pod: "(?i)XWING" }, xwing)).toBe(true);
    expect(matches({ namespace: "^default$" }, xwing)).toBe(true);
    expect(matches({ namespace: "^kube-" }, xwing)).toBe(false);
  });

  it("'!' negates a field", () => {
    expect(matches({ binary: "!^/usr/bin/curl$" }, xwing)).toBe(false);
    expect(matches({ binary: "!^/bin/sh$" }, xwing)).toBe(true);
    expect(matches({ pod: "!" }, xwing)).toBe(true);
  });

  it("all fields combine with AND", () => {
    expect(matches({ pod: "xwing", namespace: "default", binary: "curl" }, xwing)).toBe(true);
    expect(matches({ pod: "xwing", namespace: "kube-system" }, xwing)).toBe(false);
  });

  it("reports invalid patterns per field", () => {
    const c = compileFilters(spec({ pod: "(", binary: "(?=x)", namespace: "ok" }));
    expect(c.ok).toBe(false);
    expect(Object.keys(c.errors).sort()).toEqual(["binary", "pod"]);
    expect(c.errors.pod).toMatch(/missing closing \)/);
    expect(c.errors.binary).toMatch(/invalid or unsupported Perl syntax/);
    // Invalid fields without a previous value add no constraint; valid ones still apply.
    expect(rowPredicate(c)(xwing)).toBe(false);
    expect(rowPredicate(c)(row({ namespace: "ok" }))).toBe(true);
  });

  it("an invalid field keeps its previous valid predicate", () => {
    const prev = compileFilters(spec({ pod: "^tie" }));
    const next = compileFilters(spec({ pod: "^tie(" }), prev);
    expect(next.ok).toBe(false);
    expect(next.errors.pod).toBeDefined();
    expect(rowPredicate(next)(row({ pod: "tiefighter" }))).toBe(true);
    expect(rowPredicate(next)(xwing)).toBe(false);
  });

  it("is linear-time RE2: catastrophic patterns are cheap", () => {
    const r = row({ pod: `${"a".repeat(5000)}!` });
    expect(matches({ pod: "(a+)+!$" }, r)).toBe(true);
    expect(matches({ pod: "(a+)+$" }, r)).toBe(false);
    expect(matches({ pod: "^(a|aa)+b" }, r)).toBe(false);
  });
});

describe("event type", () => {
  const rows = allSyntheticEvents().map((e, i) => toRowView(e, i));
  const kinds = (eventType: string) => {
    const c = compileFilters(spec({ eventType }));
    expect(c.errors).toEqual({});
    return new Set(rows.filter(rowPredicate(c)).map((r) => r.kind));
  };

  it("accepts kind names, oneof names, enum names, comma lists, any case", () => {
    expect(kinds("exec")).toEqual(new Set(["exec"]));
    expect(kinds("process_exec")).toEqual(new Set(["exec"]));
    expect(kinds("PROCESS_KPROBE")).toEqual(new Set(["kprobe"]));
    expect(kinds("exec,exit")).toEqual(new Set(["exec", "exit"]));
    expect(kinds(" Exec , LSM ")).toEqual(new Set(["exec", "lsm"]));
    expect(kinds("rate_limit_info")).toEqual(new Set(["rate_limit_info"]));
  });

  it("'!' hides kinds", () => {
    const k = kinds("!kprobe,exec");
    expect(k.has("kprobe")).toBe(false);
    expect(k.has("exec")).toBe(false);
    expect(k.has("exit")).toBe(true);
  });

  it("reports unknown names", () => {
    const r = compileField("eventType", "exec,bogus");
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.error).toMatch(/"bogus"/);
  });

  it("accepts the names the Type column shows (open, connect, write), alone or with kinds", () => {
    const verbs = (eventType: string) => {
      const c = compileFilters(spec({ eventType }));
      expect(c.errors).toEqual({});
      return new Set(rows.filter(rowPredicate(c)).map((r) => r.verb));
    };
    expect(verbs("connect")).toEqual(new Set(["connect"]));
    expect(verbs("Open,write")).toEqual(new Set(["open", "write"]));
    expect(verbs("connect,exit")).toEqual(new Set(["connect", "exit"]));
    const hidden = verbs("!connect,exec");
    expect(hidden.has("connect") || hidden.has("process")).toBe(false);
    expect(hidden.has("exit")).toBe(true);
  });
});

describe("time window (From / To)", () => {
  const at = (iso: string) => row({ timeMs: Date.parse(iso) });
  it("keeps events inside [From, end of To's last unit]", () => {
    const window = { from: "2022-01-19T16:29:01Z", to: "2022-01-19T16:29:02Z" };
    expect(matches(window, at("2022-01-19T16:29:00.999Z"))).toBe(false);
    expect(matches(window, at("2022-01-19T16:29:01.000Z"))).toBe(true);
    expect(matches(window, at("2022-01-19T16:29:02.999Z"))).toBe(true);
    expect(matches(window, at("2022-01-19T16:29:03.000Z"))).toBe(false);
    expect(matches({ from: "2022-01-19T16:29:01Z" }, at("2026-01-01T00:00:00Z"))).toBe(true);
    expect(matches({ to: "2022-01-19T16:29Z" }, at("2021-10-18T20:08:55Z"))).toBe(true);
  });

  it("an event without a time is outside any window", () => {
    expect(matches({ from: "2000-01-01" }, row({ timeMs: NaN }))).toBe(false);
    expect(matches({ to: "2100-01-01" }, row({ timeMs: NaN }))).toBe(false);
  });

  it("an invalid bound is an error and keeps the last valid bound", () => {
    const first = compileFilters(spec({ from: "2022-01-19" }));
    const next = compileFilters(spec({ from: "2022-01-1" }), first);
    expect(next.errors.from).toMatch(/not a time/);
    expect(next.active.from).toBe(first.active.from);
  });
});

describe("search", () => {
  const rows = allSyntheticEvents().map((e, i) => toRowView(e, i));
  const hits = (q: string) => rows.filter(rowPredicate(compileFilters(spec({ search: q }))));

  it("is a case-insensitive substring over the shown fields", () => {
    expect(hits("EBPF.IO").length).toBeGreaterThan(0);
    expect(hits("/etc/passwd").every((r) => searchTextOf(r).includes("/etc/passwd"))).toBe(true);
    expect(hits("/etc/passwd").length).toBeGreaterThan(1);
    expect(hits("app=xwing").length).toBeGreaterThan(0);
    expect(hits("no such text anywhere")).toHaveLength(0);
  });

  it("regex characters are literal in search", () => {
    expect(compileFilters(spec({ search: "(" })).ok).toBe(true);
    expect(hits("<script>")).toHaveLength(1);
  });
});
