import { describe, expect, it } from "vitest";
import { agentFilterToTetraArgs, csvValue, filterToTetraArgs } from "./flags.js";

describe("tetra getevents flags", () => {
  it("maps pod, namespace, binary and event set to their flags", () => {
    expect(
      filterToTetraArgs({
        podRegex: ["^xwing$"],
        namespace: ["default", ""],
        binaryRegex: ["curl"],
        eventSet: ["PROCESS_EXEC", "PROCESS_KPROBE"],
        policyNames: ["p"],
        celExpression: ["process_exec.process.pid > uint(1)"],
      }),
    ).toEqual({
      args: [
        "--event-types=PROCESS_EXEC",
        "--event-types=PROCESS_KPROBE",
        "--namespace=default",
        "--host",
        "--pod=^xwing$",
        "--process=curl",
        "--policy-names=p",
        "--cel-expression=process_exec.process.pid > uint(1)",
      ],
      unsupported: [],
    });
  });

  it("names every field without a flag, and the lists tetra cannot send", () => {
    const r = agentFilterToTetraArgs({
      allow: [{ labels: ["a=b"], pid: [1], inInitTree: false }, { podRegex: ["x"] }],
      deny: [{ namespace: ["kube-system"] }],
    });
    expect(r.args).toEqual([]);
    expect(r.unsupported).toEqual([
      "allow_list[0].pid",
      "allow_list[0].labels",
      "allow_list[0].in_init_tree",
      "allow_list[1..1] (tetra sends one allow filter; these are OR-ed alternatives)",
      "deny_list (tetra getevents has no deny flags)",
    ]);
  });

  it("CSV-quotes a value pflag would split", () => {
    expect(csvValue("^a{1,2}$")).toBe('"^a{1,2}$"');
    expect(csvValue('say "hi"')).toBe('"say ""hi"""');
    expect(csvValue("a\nb")).toBe('"a\nb"');
    expect(csvValue("plain")).toBe("plain");
    // pflag reads a bare empty value as no value at all.
    expect(csvValue("")).toBe('""');
  });

  it("sends only event type names tetra knows (UNDEF included), names the rest", () => {
    expect(filterToTetraArgs({ eventSet: ["UNDEF", "PROCESS_LSM", "PROCESS_BOGUS"] })).toEqual({
      args: ["--event-types=UNDEF", "--event-types=PROCESS_LSM"],
      unsupported: ["allow_list[0].event_set=PROCESS_BOGUS (not an event type tetra names)"],
    });
  });
});
