/**
 * The exec transport's command line: every GetEventsRequest filter field either reaches the
 * agent exactly (mapped through src/tetra/flags.ts, parsed back the way the real CLI parses
 * it by the fake tetra) or is refused with the field named; tetra's own refusals (an older
 * tetra's unknown flag, the agent's rejection) are read as such.
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { WireType } from "@bufbuild/protobuf/wire";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import type {
  AggregationOptionsSchema,
  FieldFilterSchema,
  Filter,
} from "../../src/gen/tetragon/events_pb.js";
import {
  EventType,
  FieldFilterAction,
  FilterSchema,
  GetEventsRequestSchema,
} from "../../src/gen/tetragon/events_pb.js";
import { CapabilitiesType } from "../../src/gen/tetragon/capabilities_pb.js";
import { parseGetEventsArgs, type TetraVersion } from "../testing/fake-kube/fake-tetra.js";
import { tetraCommandFor, tetraGetEventsCommand, tetraRefusal } from "./tetra-command.js";

type FilterInit = MessageInitShape<typeof FilterSchema>;

interface RequestExtras {
  denyList?: FilterInit[];
  aggregationOptions?: MessageInitShape<typeof AggregationOptionsSchema>;
  fieldFilters?: MessageInitShape<typeof FieldFilterSchema>[];
}
const request = (allow: FilterInit[], extra: RequestExtras = {}) =>
  create(GetEventsRequestSchema, { ...extra, allowList: allow });

/** The filter flags of the command for `req` (after the constant command line). */
function flagsFor(req: ReturnType<typeof request>): string[] {
  const command = tetraCommandFor(req);
  if (!command.ok) throw new Error(`unexpectedly refused: ${command.unsupported.join(", ")}`);
  expect(command.args.slice(0, tetraGetEventsCommand.length)).toEqual(tetraGetEventsCommand);
  return command.args.slice(tetraGetEventsCommand.length);
}

/** What the real CLI would send for those flags (the fake tetra parses as cobra/pflag do). */
function sentFor(args: string[], version: TetraVersion = "current") {
  const parsed = parseGetEventsArgs(args, version);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.request;
}

/** --host puts "" last: the agent compares namespaces as a set. */
const asSet = (f: Filter): Filter => ({ ...f, namespace: [...f.namespace].sort() });

function refusedParts(req: ReturnType<typeof request>): string {
  const command = tetraCommandFor(req);
  expect(command.ok).toBe(false);
  return command.ok ? "" : command.unsupported.join(" | ");
}

describe("the allow-listed command line", () => {
  it("is exactly `tetra getevents -o json` and cannot be changed at run time", () => {
    expect(tetraGetEventsCommand).toEqual(["tetra", "getevents", "-o", "json"]);
    expect(Object.isFrozen(tetraGetEventsCommand)).toBe(true);
    expect(tetraCommandFor(request([{ binaryRegex: ["curl"] }]))).toEqual({
      ok: true,
      args: ["tetra", "getevents", "-o", "json", "--process=curl"],
    });
  });

  it("an empty request adds no flag", () => {
    expect(flagsFor(request([]))).toEqual([]);
    expect(flagsFor(request([{}]))).toEqual([]);
  });
});

describe("each tetragon.Filter field", () => {
  /** A value of each field tetra has a flag for, hard ones included (CSV, empty, UNDEF). */
  const all = {
    binaryRegex: ["^/usr/bin/curl$", "a{1,2}", ""],
    namespace: ["", "default", "kube,system"],
    podRegex: ['xw"ing', "line\nbreak", "  spaced  "],
    eventSet: [EventType.PROCESS_EXEC, EventType.PROCESS_KPROBE, EventType.UNDEF],
    policyNames: ["file-monitoring", "a,b"],
    celExpression: ['process_exec.process.binary in ["/bin/sh", "/bin/bash"]'],
  } satisfies FilterInit;
  const supported: Record<string, FilterInit> = {
    binary_regex: { binaryRegex: all.binaryRegex },
    namespace: { namespace: all.namespace },
    pod_regex: { podRegex: all.podRegex },
    event_set: { eventSet: all.eventSet },
    policy_names: { policyNames: all.policyNames },
    cel_expression: { celExpression: all.celExpression },
  };
  for (const [name, init] of Object.entries(supported)) {
    it(`${name} maps to its flag and reaches the agent exactly`, () => {
      const args = flagsFor(request([init]));
      expect(args.length).toBeGreaterThan(0);
      const sent = sentFor(args);
      expect(sent.allowList.map(asSet)).toEqual([asSet(create(FilterSchema, init))]);
    });
  }

  it("all of them in one filter; the flags an older tetra also has reach it the same", () => {
    expect(sentFor(flagsFor(request([all]))).allowList.map(asSet)).toEqual([
      asSet(create(FilterSchema, all)),
    ]);
    const common = { ...all, policyNames: [], celExpression: [] };
    expect(sentFor(flagsFor(request([common])), "older").allowList.map(asSet)).toEqual([
      asSet(create(FilterSchema, common)),
    ]);
  });

  const unsupported: Record<string, FilterInit> = {
    health_check: { healthCheck: true },
    pid: { pid: [1] },
    pid_set: { pidSet: [1] },
    arguments_regex: { argumentsRegex: ["-v"] },
    labels: { labels: ["app=x"] },
    capabilities: { capabilities: { effective: { any: [CapabilitiesType.DAC_OVERRIDE] } } },
    parent_binary_regex: { parentBinaryRegex: ["bash"] },
    parent_arguments_regex: { parentArgumentsRegex: ["x"] },
    container_id: { containerId: ["abc"] },
    in_init_tree: { inInitTree: false },
    ancestor_binary_regex: { ancestorBinaryRegex: ["sh"] },
    container_name_regex: { containerNameRegex: ["c"] },
    namespace_regex: { namespaceRegex: ["kube-"] },
  };
  for (const [name, init] of Object.entries(unsupported)) {
    it(`${name} has no tetra flag: refused, named, never dropped`, () => {
      expect(refusedParts(request([{ ...init, binaryRegex: ["curl"] }]))).toContain(
        `allow_list[0].${name}`,
      );
      expect(refusedParts(request([], { denyList: [init] }))).toContain("deny_list");
    });
  }

  it("covers every field of tetragon.Filter", () => {
    const covered = new Set([...Object.keys(supported), ...Object.keys(unsupported)]);
    expect(FilterSchema.fields.map((f) => f.name).sort()).toEqual([...covered].sort());
  });

  it("an event type number tetra cannot name is refused, not sent", () => {
    const req = request([{ eventSet: [EventType.PROCESS_EXEC] }]);
    // A number this schema has no name for, as a decoded request from a newer client holds it.
    (req.allowList[0]!.eventSet as number[]).push(99);
    expect(refusedParts(req)).toContain("allow_list[0].event_set=99");
  });

  it("an empty capabilities filter is still set on the wire: refused", () => {
    expect(refusedParts(request([{ capabilities: {} }]))).toContain("allow_list[0].capabilities");
  });

  it("a value with a NUL character cannot be an argv element: refused", () => {
    expect(refusedParts(request([{ podRegex: ["a\0b"] }]))).toContain("NUL");
  });

  it("fields this schema does not know (a newer client) are refused, not dropped", () => {
    const req = request([{ binaryRegex: ["curl"] }]);
    req.allowList[0]!.$unknown = [{ no: 99, wireType: WireType.Varint, data: new Uint8Array([1]) }];
    expect(refusedParts(req)).toContain("does not know");
  });
});

describe("the rest of GetEventsRequest", () => {
  it("several allow filters are refused (tetra sends one)", () => {
    expect(refusedParts(request([{ binaryRegex: ["a"] }, { binaryRegex: ["b"] }]))).toContain(
      "allow_list[1..1]",
    );
  });

  it("aggregation_options are refused", () => {
    expect(refusedParts(request([], { aggregationOptions: { channelBufferSize: 1n } }))).toBe(
      "aggregation_options",
    );
  });

  it("one include and one exclude field list map to -f/-F and reach the agent exactly", () => {
    const req = request([], {
      fieldFilters: [
        {
          fields: { paths: ["process.binary", "parent", "a,b"] },
          action: FieldFilterAction.INCLUDE,
        },
        { fields: { paths: ["process.pod"] }, action: FieldFilterAction.EXCLUDE },
      ],
    });
    expect(sentFor(flagsFor(req)).fieldFilters).toEqual(req.fieldFilters);
  });

  it("field filters per event type, inverted, empty, unknown action or a second include are refused", () => {
    for (const fieldFilters of [
      [{ eventSet: [EventType.PROCESS_EXEC], fields: { paths: ["process"] } }],
      [{ invertEventSet: true, fields: { paths: ["process"] } }],
      [{ fields: { paths: [] } }],
      [{ fields: { paths: ["a"] } }, { fields: { paths: ["b"] } }],
    ]) {
      expect(refusedParts(request([], { fieldFilters }))).toContain("field_filters");
    }
    const unknownAction = request([], { fieldFilters: [{ fields: { paths: ["process"] } }] });
    (unknownAction.fieldFilters[0] as { action: number }).action = 7;
    expect(refusedParts(unknownAction)).toContain("field_filters");
  });
});

describe("tetraRefusal: what tetra exits with", () => {
  it("an older tetra's unknown flag (the fake's older tetra prints the same): the flag named", () => {
    const parsed = parseGetEventsArgs(flagsFor(request([{ policyNames: ["p"] }])), "older");
    expect(parsed).toEqual({ ok: false, message: "unknown flag: --policy-names" });
    const refusal = tetraRefusal(
      "command terminated with non-zero exit code: exit code 1 (stderr: Error: unknown flag: --policy-names)",
    );
    expect(refusal?.code).toBe(Code.InvalidArgument);
    expect(refusal?.reason).toContain("does not take --policy-names");
    expect(
      tetraRefusal('Error: invalid value for "event-types" flag: PROCESS_NEW')?.reason,
    ).toContain("--event-types");
  });

  it("the agent's own rejection keeps its code; a failure to retry is not a refusal", () => {
    const stderr =
      "Error: failed to receive events: rpc error: code = InvalidArgument desc = invalid regex";
    expect(tetraRefusal(stderr)).toEqual({
      code: Code.InvalidArgument,
      reason: "the agent refused the request: invalid regex",
    });
    expect(
      tetraRefusal("Error: failed to receive events: rpc error: code = Unavailable desc = gone"),
    ).toBeUndefined();
    expect(tetraRefusal("the exec stream closed without an exit status")).toBeUndefined();
  });
});
