import { describe, expect, it } from "vitest";
import { EMPTY_FILTERS } from "./filter-spec.js";
import { exactNames, shellQuote, tetraCommand } from "./tetra-command.js";

const NONE = { allow: [], deny: [] };

describe("Copy as tetra command", () => {
  // The flags checked against cilium/tetragon cmd/tetra/getevents/getevents.go (quoted in
  // src/tetra/flags.ts): --pod -> pod_regex, --namespace -> namespace, --process ->
  // binary_regex, --event-types -> event_set.
  it("is exact for a filter using pod, namespace, binary and event set", () => {
    const agent = {
      allow: [{ namespace: ["default"], eventSet: ["PROCESS_EXEC", "PROCESS_KPROBE"] }],
      deny: [],
    };
    const view = { ...EMPTY_FILTERS, pod: "^xwing$", binary: "^/usr/bin/(curl|wget)$" };
    const cmd = tetraCommand(agent, view);
    expect(cmd.unsupported).toEqual([]);
    expect(cmd.argv).toEqual([
      "tetra",
      "getevents",
      "-o",
      "compact",
      "--event-types=PROCESS_EXEC",
      "--event-types=PROCESS_KPROBE",
      "--namespace=default",
      "--pod=^xwing$",
      "--process=^/usr/bin/(curl|wget)$",
    ]);
    expect(cmd.command).toBe(
      "tetra getevents -o compact --event-types=PROCESS_EXEC --event-types=PROCESS_KPROBE --namespace=default '--pod=^xwing$' '--process=^/usr/bin/(curl|wget)$'",
    );
  });

  it("takes view-only filters: exact namespaces, kinds and their complement", () => {
    const view = {
      ...EMPTY_FILTERS,
      namespace: "^kube-system$|^a\\.b$",
      eventType: "!kprobe,tracepoint,uprobe,usdt,lsm,loader,throttle,rate_limit_info,test",
    };
    const cmd = tetraCommand(NONE, view);
    expect(cmd.unsupported).toEqual([]);
    expect(cmd.argv.slice(4)).toEqual([
      "--event-types=PROCESS_EXEC",
      "--event-types=PROCESS_EXIT",
      "--namespace=kube-system",
      "--namespace=a.b",
    ]);
  });

  it("says which parts have no flag", () => {
    const cmd = tetraCommand(
      { allow: [{ podRegex: ["a"], labels: ["app=x"] }], deny: [{ namespace: ["kube-system"] }] },
      { ...EMPTY_FILTERS, pod: "b", namespace: "kube", binary: "!curl", search: "token" },
    );
    expect(cmd.argv.slice(4)).toEqual(["--pod=a"]);
    expect(cmd.unsupported).toEqual([
      "allow_list[0].labels",
      "deny_list (tetra getevents has no deny flags)",
      "view pod filter: the agent filter already sets that field",
      'view namespace filter "kube": --namespace compares exact names; write ^name$',
      'view binary filter "!curl": tetra has no flag to hide matches',
      'search "token": tetra getevents has no text search',
    ]);
  });

  it("turns the CEL input into --cel-expression, AND-ed with the agent filter", () => {
    const cel = "process_exec.process.binary.endsWith('/curl')";
    const cmd = tetraCommand(
      { allow: [{ podRegex: ["^xwing$"] }], deny: [] },
      {
        ...EMPTY_FILTERS,
        cel: ` ${cel} `,
      },
    );
    expect(cmd.unsupported).toEqual([]);
    expect(cmd.argv.slice(4)).toEqual(["--pod=^xwing$", `--cel-expression=${cel}`]);
    const both = tetraCommand(
      { allow: [{ celExpression: ["true"] }], deny: [] },
      {
        ...EMPTY_FILTERS,
        cel,
      },
    );
    expect(both.unsupported).toEqual(["view CEL filter: the agent filter already sets that field"]);
  });

  it("quotes for the shell and for pflag's CSV reading", () => {
    const cmd = tetraCommand(NONE, { ...EMPTY_FILTERS, binary: "it's,a{1,2}" });
    expect(cmd.argv.at(-1)).toBe('--process="it\'s,a{1,2}"');
    expect(cmd.command.endsWith(`'--process="it'\\''s,a{1,2}"'`)).toBe(true);
    expect(shellQuote("--host")).toBe("--host");
  });

  it("reads exact names only from anchored literal alternatives", () => {
    expect(exactNames("^a$|^b\\-c$")).toEqual(["a", "b-c"]);
    expect(exactNames("^a.$")).toBeUndefined();
    expect(exactNames("a")).toBeUndefined();
    expect(exactNames("^\\d$")).toBeUndefined();
  });
});
