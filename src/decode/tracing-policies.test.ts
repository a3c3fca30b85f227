import { create, fromBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  HookState,
  ListTracingPoliciesResponseSchema,
  TracingPolicyMode,
  TracingPolicyState,
  TracingPolicyStatusSchema,
} from "../gen/tetragon/sensors_pb.js";
import { formatByteSize } from "../lib/format-bytes.js";
import { toTracingPolicyView, toTracingPolicyViews } from "./tracing-policies.js";

const FULL = create(TracingPolicyStatusSchema, {
  id: 7n,
  name: "block-shadow-reads",
  namespace: "shop",
  info: "kprobe on security_file_permission",
  sensors: ["generic_kprobe"],
  filterId: 3n,
  state: TracingPolicyState.TP_STATE_PARTIALLY_ENABLED,
  mode: TracingPolicyMode.TP_MODE_ENFORCE,
  kernelMemoryBytes: 1_572_864n,
  domain: "default",
  hookStatuses: [
    {
      section: "kprobes",
      hookIdx: 0,
      hookDescription: "security_file_permission",
      state: HookState.STATUS_LOADED,
    },
    {
      section: "kprobes",
      hookIdx: 1,
      hookDescription: "no_such_fn",
      state: HookState.STATUS_CALL_NOT_FOUND,
    },
  ],
  stats: {
    actionCounters: { post: 120n, signal: 2n, monitorOverride: 0n },
    selectorActionCounters: [
      {
        hook: "security_file_permission",
        hookIndex: 0,
        selectorIndex: 1,
        selectorLabel: "shadow",
        actionCounters: { signal: 2n },
      },
    ],
  },
});

describe("toTracingPolicyView", () => {
  it("keeps every field a user needs, with readable state, mode and hook status", () => {
    expect(toTracingPolicyView(FULL)).toEqual({
      id: "7",
      name: "block-shadow-reads",
      namespace: "shop",
      domain: "default",
      info: "kprobe on security_file_permission",
      sensors: ["generic_kprobe"],
      state: { label: "partially enabled", tone: "warning" },
      mode: { label: "enforce", tone: "ok" },
      error: "",
      kernelMemoryBytes: 1_572_864n,
      filterId: "3",
      hooks: [
        {
          index: 0,
          section: "kprobes",
          description: "security_file_permission",
          state: { label: "loaded", tone: "ok" },
        },
        {
          index: 1,
          section: "kprobes",
          description: "no_such_fn",
          state: { label: "call not found", tone: "error" },
        },
      ],
      actions: [
        { action: "post", count: 120n },
        { action: "signal", count: 2n },
      ],
      selectors: [
        {
          hook: "security_file_permission",
          hookIndex: 0,
          selectorIndex: 1,
          selectorLabel: "shadow",
          counts: [{ action: "signal", count: 2n }],
        },
      ],
    });
  });

  it("names monitored actions and monitor mode", () => {
    const v = toTracingPolicyView(
      create(TracingPolicyStatusSchema, {
        mode: TracingPolicyMode.TP_MODE_MONITOR,
        stats: { actionCounters: { monitorSignal: 5n, nopost: 1n } },
      }),
    );
    expect(v.mode.label).toBe("monitor");
    expect(v.actions).toEqual([
      { action: "no post", count: 1n },
      { action: "signal (monitored)", count: 5n },
    ]);
  });

  it("has no counters without stats, and reads unknown enum values as unknown (N)", () => {
    // What a newer agent sends: field 9 (state) = 42, a value this build has no name for.
    const v = toTracingPolicyView(
      fromBinary(TracingPolicyStatusSchema, new Uint8Array([0x48, 42])),
    );
    expect(v.actions).toEqual([]);
    expect(v.selectors).toEqual([]);
    expect(v.state).toEqual({ label: "unknown (42)", tone: "muted" });
    expect(v.mode).toEqual({ label: "unknown", tone: "muted" });
  });
});

describe("toTracingPolicyViews", () => {
  it("puts policies in error first, then orders by namespace and name", () => {
    const res = create(ListTracingPoliciesResponseSchema, {
      policies: [
        { name: "zeta", state: TracingPolicyState.TP_STATE_ENABLED },
        { name: "alpha", namespace: "b", state: TracingPolicyState.TP_STATE_ENABLED },
        { name: "broken", state: TracingPolicyState.TP_STATE_LOAD_ERROR, error: "bad selector" },
        { name: "alpha", state: TracingPolicyState.TP_STATE_ENABLED },
      ],
    });
    expect(toTracingPolicyViews(res).map((p) => `${p.namespace}/${p.name}`)).toEqual([
      "/broken",
      "/alpha",
      "/zeta",
      "b/alpha",
    ]);
  });
});

describe("formatByteSize", () => {
  it.each([
    [0n, "0 B"],
    [1023n, "1023 B"],
    [1536n, "1.5 KiB"],
    [1_572_864n, "1.5 MiB"],
    [52_428_800n, "50 MiB"],
    [3n * 1024n ** 4n, "3.0 TiB"],
  ])("%s -> %s", (n, text) => {
    expect(formatByteSize(n)).toBe(text);
  });
});
