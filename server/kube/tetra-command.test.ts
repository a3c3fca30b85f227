import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import type {
  AggregationOptionsSchema,
  FieldFilterSchema,
} from "../../src/gen/tetragon/events_pb.js";
import {
  EventType,
  FieldFilterAction,
  FilterSchema,
  GetEventsRequestSchema,
} from "../../src/gen/tetragon/events_pb.js";
import { CapabilitiesType } from "../../src/gen/tetragon/capabilities_pb.js";
import { parseGetEventsArgs } from "../testing/fake-kube/fake-tetra.js";
import { requestToTetraArgs, tetraCommandFor, tetraGetEventsCommand } from "./tetra-command.js";

type FilterInit = MessageInitShape<typeof FilterSchema>;

interface RequestExtras {
  denyList?: FilterInit[];
  aggregationOptions?: MessageInitShape<typeof AggregationOptionsSchema>;
  fieldFilters?: MessageInitShape<typeof FieldFilterSchema>[];
}
const request = (allow: FilterInit[], extra: RequestExtras = {}) =>
  create(GetEventsRequestSchema, { ...extra, allowList: allow });

/**
 * The flags must make the real CLI send the very request the browser asked for. The fake tetra
 * parses flags the way cobra/pflag does (CSV records per value), so mapping there and back must
 * give the same allow filter.
 */
function roundTrip(allow: FilterInit) {
  const mapped = requestToTetraArgs(request([allow]));
  if (!mapped.ok) throw new Error(`unexpectedly unsupported: ${mapped.unsupported.join(", ")}`);
  const parsed = parseGetEventsArgs(mapped.args);
  if (!parsed.ok) throw new Error(parsed.message);
  return { args: mapped.args, sent: parsed.request };
}

describe("the allow-listed command line", () => {
  it("is exactly `tetra getevents -o json` and cannot be changed at run time", () => {
    expect(tetraGetEventsCommand).toEqual(["tetra", "getevents", "-o", "json"]);
    expect(Object.isFrozen(tetraGetEventsCommand)).toBe(true);
    const full = tetraCommandFor(request([{ binaryRegex: ["curl"] }]));
    expect(full).toEqual({
      ok: true,
      args: ["tetra", "getevents", "-o", "json", '--processes="curl"'],
    });
  });

  it("an empty request adds no flag", () => {
    expect(requestToTetraArgs(request([]))).toEqual({ ok: true, args: [] });
    expect(requestToTetraArgs(request([{}]))).toEqual({ ok: true, args: [] });
  });
});

describe("requestToTetraArgs: each tetragon.Filter field", () => {
  const supported: Record<string, { init: FilterInit; flag: RegExp }> = {
    binary_regex: { init: { binaryRegex: ["^/usr/bin/curl$", "a,b"] }, flag: /^--processes=/ },
    namespace: { init: { namespace: ["default", ""] }, flag: /^--namespaces=/ },
    pod_regex: { init: { podRegex: ['xw"ing', "line\nbreak"] }, flag: /^--pods=/ },
    event_set: {
      init: { eventSet: [EventType.PROCESS_EXEC, EventType.PROCESS_KPROBE] },
      flag: /^--event-types=PROCESS_/,
    },
  };
  for (const [name, { init, flag }] of Object.entries(supported)) {
    it(`${name} maps to its flag and reaches the agent unchanged`, () => {
      const { args, sent } = roundTrip(init);
      expect(args.length).toBeGreaterThan(0);
      for (const a of args) expect(a).toMatch(flag);
      expect(sent.allowList).toEqual([create(FilterSchema, init)]);
    });
  }

  const unsupported: Record<string, FilterInit> = {
    health_check: { healthCheck: true },
    pid: { pid: [1] },
    pid_set: { pidSet: [1] },
    arguments_regex: { argumentsRegex: ["-v"] },
    labels: { labels: ["app=x"] },
    policy_names: { policyNames: ["p"] },
    capabilities: { capabilities: { effective: { any: [CapabilitiesType.DAC_OVERRIDE] } } },
    parent_binary_regex: { parentBinaryRegex: ["bash"] },
    cel_expression: { celExpression: ["true"] },
    parent_arguments_regex: { parentArgumentsRegex: ["x"] },
    container_id: { containerId: ["abc"] },
    in_init_tree: { inInitTree: false },
    ancestor_binary_regex: { ancestorBinaryRegex: ["sh"] },
    container_name_regex: { containerNameRegex: ["c"] },
    namespace_regex: { namespaceRegex: ["kube-"] },
  };
  for (const [name, init] of Object.entries(unsupported)) {
    it(`${name} has no tetra flag: refused, named, never dropped`, () => {
      for (const list of ["allow_list", "deny_list"] as const) {
        const req =
          list === "allow_list"
            ? request([{ ...init, binaryRegex: ["curl"] }])
            : request([], { denyList: [init] });
        const mapped = requestToTetraArgs(req);
        expect(mapped.ok).toBe(false);
        if (!mapped.ok) {
          expect(mapped.unsupported.join(" ")).toContain(
            list === "allow_list" ? `allow_list.${name}` : "deny_list",
          );
        }
      }
    });
  }

  it("covers every field of tetragon.Filter", () => {
    const covered = new Set([...Object.keys(supported), ...Object.keys(unsupported)]);
    expect(FilterSchema.fields.map((f) => f.name).sort()).toEqual([...covered].sort());
  });

  it("event_set UNDEF is refused rather than sent as an unknown type", () => {
    const mapped = requestToTetraArgs(request([{ eventSet: [EventType.UNDEF] }]));
    expect(mapped).toEqual({ ok: false, unsupported: ["allow_list.event_set=0"] });
  });
});

describe("requestToTetraArgs: the rest of GetEventsRequest", () => {
  it("several allow filters are refused (tetra sends one)", () => {
    const mapped = requestToTetraArgs(request([{ binaryRegex: ["a"] }, { binaryRegex: ["b"] }]));
    expect(mapped.ok).toBe(false);
  });

  it("any deny list is refused", () => {
    expect(requestToTetraArgs(request([], { denyList: [{ binaryRegex: ["a"] }] })).ok).toBe(false);
  });

  it("aggregation_options are refused", () => {
    const mapped = requestToTetraArgs(
      request([], { aggregationOptions: { channelBufferSize: 1n } }),
    );
    expect(mapped).toEqual({ ok: false, unsupported: ["aggregation_options"] });
  });

  it("one include and one exclude field list map to -f/-F and reach the agent unchanged", () => {
    const req = request([], {
      fieldFilters: [
        { fields: { paths: ["process.binary", "parent"] }, action: FieldFilterAction.INCLUDE },
        { fields: { paths: ["process.pod"] }, action: FieldFilterAction.EXCLUDE },
      ],
    });
    const mapped = requestToTetraArgs(req);
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    const parsed = parseGetEventsArgs(mapped.args);
    expect(parsed.ok && parsed.request.fieldFilters).toEqual(req.fieldFilters);
  });

  it("field filters per event type, inverted, or a second include are refused", () => {
    for (const fieldFilters of [
      [{ eventSet: [EventType.PROCESS_EXEC], fields: { paths: ["process"] } }],
      [{ invertEventSet: true, fields: { paths: ["process"] } }],
      [{ fields: { paths: ["a"] } }, { fields: { paths: ["b"] } }],
    ]) {
      expect(requestToTetraArgs(request([], { fieldFilters })).ok).toBe(false);
    }
  });
});
