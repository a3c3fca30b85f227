import { describe, expect, it } from "vitest";
import { RE2JS } from "re2js";
import { NO_AGENT_FILTER } from "./agent-filter.js";
import {
  AGENT_FILTER_PRESETS,
  hideAtAgent,
  hideHealthChecks,
  hideKubeSystem,
  onlyAtAgent,
} from "./agent-filter-actions.js";
import { validateAgentFilter } from "./agent-filter-draft.js";

describe("presets", () => {
  it("Hide kube-system adds one deny filter, once", () => {
    const once = hideKubeSystem(NO_AGENT_FILTER);
    expect(once).toEqual({ allow: [], deny: [{ namespace: ["kube-system"] }] });
    expect(hideKubeSystem(once)).toEqual(once);
  });

  it("Hide health checks denies health_check true, once", () => {
    const once = hideHealthChecks({ allow: [{ podRegex: ["a"] }], deny: [] });
    expect(once.deny).toEqual([{ healthCheck: true }]);
    expect(hideHealthChecks(once)).toEqual(once);
  });

  it("are listed with labels and compose", () => {
    expect(AGENT_FILTER_PRESETS.map((p) => p.label)).toEqual([
      "Hide kube-system",
      "Hide health checks",
    ]);
    const both = AGENT_FILTER_PRESETS.reduce((l, p) => p.apply(l), NO_AGENT_FILTER);
    expect(both.deny).toHaveLength(2);
    expect(validateAgentFilter(both)).toEqual([]);
  });
});

describe("Only this / Hide this at the agent", () => {
  it("only: quotes the value for RE2 and matches it exactly", () => {
    const lists = onlyAtAgent(NO_AGENT_FILTER, "binary", "/usr/bin/c++");
    expect(lists.allow).toEqual([{ binaryRegex: ["^/usr/bin/c\\+\\+$"] }]);
    const re = RE2JS.compile(lists.allow[0]!.binaryRegex![0]!);
    expect(re.test("/usr/bin/c++")).toBe(true);
    expect(re.test("/usr/bin/c++x")).toBe(false);
  });

  it("only: ANDs into every allow filter, replacing that field", () => {
    const lists = onlyAtAgent(
      { allow: [{ podRegex: ["a"] }, { namespace: ["x"], podRegex: ["b"] }], deny: [] },
      "pod",
      "xwing",
    );
    expect(lists.allow).toEqual([
      { podRegex: ["^xwing$"] },
      { namespace: ["x"], podRegex: ["^xwing$"] },
    ]);
  });

  it("only: event kinds become EventType names; unknown kinds change nothing", () => {
    expect(onlyAtAgent(NO_AGENT_FILTER, "eventType", "kprobe").allow).toEqual([
      { eventSet: ["PROCESS_KPROBE"] },
    ]);
    expect(onlyAtAgent(NO_AGENT_FILTER, "eventType", "unknown")).toBe(NO_AGENT_FILTER);
  });

  it("hide: ORs values of one field into one deny filter", () => {
    let lists = hideAtAgent(NO_AGENT_FILTER, "namespace", "a");
    lists = hideAtAgent(lists, "namespace", "b");
    lists = hideAtAgent(lists, "namespace", "b");
    lists = hideAtAgent(lists, "pod", "p");
    expect(lists.deny).toEqual([{ namespace: ["a", "b"] }, { podRegex: ["^p$"] }]);
    expect(hideAtAgent(lists, "namespace", "").deny[0]).toEqual({ namespace: ["a", "b", ""] });
  });
});
