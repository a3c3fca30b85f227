import { describe, expect, it } from "vitest";
import { EMPTY_FILTERS } from "./filter-spec.js";
import type { ViewState } from "./url.js";
import { agentFilterUrl, readAgentFilter } from "./agent-filter-url.js";
import { EMPTY_VIEW_STATE, readViewState, viewStateUrl, writeViewState } from "./url.js";

const full: ViewState = {
  filters: {
    pod: "^xwing$",
    namespace: "!^kube-system$",
    binary: "/usr/bin/c\\+\\+|curl",
    policy: "^observe-network$",
    eventType: "exec,exit",
    search: "a b&c=d#e%f ü \u202E",
    cel: "process_exec.process.binary.endsWith('/curl') && true",
    from: "2026-12-02 15:04",
    to: "2026-12-02T15:05:00Z",
  },
  selected: "1x9v99xqbeq",
  columns: ["time", "pod", "binary"],
};

describe("URL codec", () => {
  it("round-trips", () => {
    expect(readViewState(writeViewState(full))).toEqual(full);
    expect(readViewState(`?${writeViewState(full)}`)).toEqual(full);
    expect(readViewState(writeViewState(EMPTY_VIEW_STATE))).toEqual(EMPTY_VIEW_STATE);
  });

  it("uses the short documented names and omits empty fields", () => {
    const qs = writeViewState({
      filters: {
        ...EMPTY_FILTERS,
        pod: "x",
        namespace: "n",
        binary: "b",
        policy: "p",
        eventType: "t",
        search: "q",
      },
      selected: "k",
      columns: ["a", "b"],
    });
    expect(qs).toBe("pod=x&ns=n&bin=b&policy=p&type=t&q=q&sel=k&cols=a%2Cb");
    expect(writeViewState(EMPTY_VIEW_STATE)).toBe("");
  });

  it("distinguishes no column choice from an empty one", () => {
    expect(readViewState("").columns).toBeUndefined();
    expect(readViewState("cols=").columns).toEqual([]);
  });

  it("keeps params it does not own, replaces its own", () => {
    const qs = writeViewState({ ...EMPTY_VIEW_STATE, selected: "new" }, "?agent=a1&sel=old&pod=p");
    expect(new URLSearchParams(qs).get("agent")).toBe("a1");
    expect(new URLSearchParams(qs).get("sel")).toBe("new");
    expect(new URLSearchParams(qs).get("pod")).toBeNull();
  });

  it.each([
    "%",
    "%E0%A4%A",
    "?&&&==&=",
    "pod",
    "?pod=%ZZ&ns=%",
    "cols=,,,;drop table,../../x,ok,ok,%00",
    "sel=%20%20",
    "\u0000\uffff\ud800",
    `q=${"x".repeat(100_000)}`,
  ])("never throws on garbage %#", (garbage) => {
    const v = readViewState(garbage);
    expect(typeof v.filters.pod).toBe("string");
    expect(v.filters.search.length).toBeLessThanOrEqual(2048);
    if (v.columns) expect(v.columns.every((c) => /^[\w.-]+$/.test(c))).toBe(true);
  });

  it("filters junk column ids and duplicates, and blank selections", () => {
    const v = readViewState("cols=,,,;drop table,ok,ok,time&sel=%20%20&unknown=1");
    expect(v.columns).toEqual(["ok", "time"]);
    expect(v.selected).toBeUndefined();
  });

  it("viewStateUrl keeps the path and hash", () => {
    const loc = { pathname: "/ui/", search: "?x=1", hash: "#h" };
    expect(viewStateUrl({ ...EMPTY_VIEW_STATE, selected: "k" }, loc)).toBe("/ui/?x=1&sel=k#h");
    expect(viewStateUrl(EMPTY_VIEW_STATE, { pathname: "/", search: "", hash: "" })).toBe("/");
  });
});

describe("the agent filter in the URL", () => {
  const here = { pathname: "/", search: "?pod=x&sel=k", hash: "#h" };
  const lists = {
    allow: [{ podRegex: ["^xwing$"], eventSet: ["PROCESS_EXEC"] }],
    deny: [{ namespace: ["kube-system"] }],
  };

  it("round-trips beside the view state, which keeps it", () => {
    const url = agentFilterUrl(lists, here);
    expect(url).toMatch(/^\/\?pod=x&sel=k&af=1\.[A-Za-z0-9_-]+#h$/);
    const search = url.slice(1, url.indexOf("#"));
    expect(readAgentFilter(search)).toEqual({ lists, problems: [] });
    const rewritten = writeViewState({ ...readViewState(search), selected: "other" }, search);
    expect(readAgentFilter(rewritten).lists).toEqual(lists);
  });

  it("clearing it removes the param", () => {
    expect(agentFilterUrl({ allow: [], deny: [] }, { ...here, search: "?af=1.AA&q=z" })).toBe(
      "/?q=z#h",
    );
  });

  it("reads garbage as no filter with a problem, and names what the agent would refuse", () => {
    expect(readAgentFilter("?af=%00%ff")).toMatchObject({
      lists: { allow: [], deny: [] },
      problems: [expect.stringMatching(/not in a form/)],
    });
    const bad = agentFilterUrl(
      { allow: [{ celExpression: ["1"] }], deny: [] },
      { pathname: "/", search: "", hash: "" },
    );
    const read = readAgentFilter(bad.slice(1));
    expect(read.problems).toEqual([expect.objectContaining({ field: "celExpression" })]);
  });
});
