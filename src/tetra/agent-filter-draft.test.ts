import { describe, expect, it } from "vitest";
import type { AgentFilter } from "./agent-filter.js";
import {
  EMPTY_DRAFT,
  describeIssue,
  draftOf,
  exampleDraft,
  parseDraft,
  validateAgentFilter,
} from "./agent-filter-draft.js";
import type { DraftKey } from "./filter-fields.js";
import { HOST_NAMESPACE_TOKEN } from "./filter-fields.js";

const draft = (fields: Partial<Record<DraftKey, string>>) => ({ ...EMPTY_DRAFT, ...fields });

describe("parseDraft", () => {
  it("reads an empty draft as an empty filter", () => {
    expect(parseDraft(EMPTY_DRAFT)).toEqual({ filter: {}, errors: {} });
  });

  it("reads one value per line for regexes, selectors and CEL, commas for names", () => {
    const { filter, errors } = parseDraft(
      draft({
        podRegex: "^a{1,2}$\n\n^b$",
        labels: "app in (x,y)\nenv=prod",
        eventSet: "exec, process_kprobe ,PROCESS_LSM",
        policyNames: "p1, p2",
        pid: "1, 22",
        "caps.effective.any": "sys_admin, CAP_NET_RAW",
        healthCheck: "true",
        namespace: `default\n${HOST_NAMESPACE_TOKEN}`,
      }),
    );
    expect(errors).toEqual({});
    expect(filter).toEqual({
      podRegex: ["^a{1,2}$", "^b$"],
      labels: ["app in (x,y)", "env=prod"],
      eventSet: ["PROCESS_EXEC", "PROCESS_KPROBE", "PROCESS_LSM"],
      policyNames: ["p1", "p2"],
      pid: [1, 22],
      capabilities: { effective: { any: ["CAP_SYS_ADMIN", "CAP_NET_RAW"] } },
      healthCheck: true,
      namespace: ["default", ""],
    });
  });

  it.each<[DraftKey, string, RegExp]>([
    ["podRegex", "(unclosed", /invalid pattern: missing closing \)/],
    ["binaryRegex", "a\n(?P<x", /invalid .*\(\?P<x/],
    ["labels", "app in (", /label selector: /],
    ["celExpression", "process_exec.process.nope == 1", /CEL: .*undefined field 'nope'/],
    ["eventSet", "exec, nope", /^unknown event type "nope"; use PROCESS_EXEC, /],
    ["pid", "12a", /"12a" is not a process id/],
    ["pidSet", "4294967296", /is not a process id/],
    ["caps.permitted.all", "CAP_FLY", /unknown capability "CAP_FLY"/],
    ["inInitTree", "maybe", /choose true, false/],
    ["argumentsRegex", "x".repeat(1025), /1025 characters; the gateway allows at most 1024/],
    [
      "namespace",
      Array.from({ length: 65 }, (_, i) => `n${String(i)}`).join("\n"),
      /65 values; the gateway allows at most 64/,
    ],
  ])("names the problem in %s", (key, text, message) => {
    const { errors } = parseDraft(draft({ [key]: text }));
    expect(Object.keys(errors)).toEqual([key]);
    expect(errors[key]).toMatch(message);
  });

  it("keeps what was typed when it is invalid", () => {
    expect(parseDraft(draft({ podRegex: "(x" })).filter).toEqual({ podRegex: ["(x"] });
  });

  it("round-trips through draftOf", () => {
    const { filter } = parseDraft(exampleDraft());
    expect(parseDraft(draftOf(filter)).filter).toEqual(filter);
    const host: AgentFilter = { namespace: [""] };
    expect(draftOf(host).namespace).toBe(HOST_NAMESPACE_TOKEN);
  });
});

describe("validateAgentFilter", () => {
  it("takes the example filter in both lists", () => {
    const { filter } = parseDraft(exampleDraft());
    expect(validateAgentFilter({ allow: [filter], deny: [filter] })).toEqual([]);
  });

  it("caps the number of filters per list like the gateway", () => {
    const many = Array.from({ length: 33 }, () => ({ podRegex: ["a"] }));
    const issues = validateAgentFilter({ allow: [], deny: many });
    expect(issues.map(describeIssue)).toEqual([
      "deny: 33 deny filters; the gateway allows at most 32",
    ]);
  });

  it("says where each problem is", () => {
    const issues = validateAgentFilter({
      allow: [{}, { eventSet: ["PROCESS_NOPE"] }],
      deny: [{ celExpression: ["1 + 1"] }],
    });
    expect(issues.map(describeIssue)).toEqual([
      expect.stringMatching(/^allow #2 event_set: unknown event type "PROCESS_NOPE"/),
      expect.stringMatching(/^deny #1 cel_expression: CEL: .*must be a bool/),
    ]);
  });
});
