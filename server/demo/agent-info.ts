/*
 * What the demo agent answers to GetInfo: the BPF feature probes of a recent kernel and
 * the agent's configuration, as a real Tetragon reports them (pkg/tetragoninfo: each
 * setting a google.protobuf.Any holding a StringValue, BoolValue, Int64Value or ListValue).
 * The settings are those of a typical Helm install with process credentials, namespaces
 * and ancestors turned on; `enable-ancestors` follows the kinds the generator fills.
 * Note the export allow/deny lists: they shape the JSON export file, not GetEvents.
 */
import { create } from "@bufbuild/protobuf";
import {
  anyPack,
  BoolValueSchema,
  Int64ValueSchema,
  ListValueSchema,
  StringValueSchema,
} from "@bufbuild/protobuf/wkt";
import { GetInfoResponseSchema, type GetInfoResponse } from "../../src/gen/tetragon/sensors_pb.js";
import type { AncestorKinds } from "./events.js";

export const DEMO_AGENT_VERSION = "v1.5.0-demo";

/** Kernel features Tetragon probes at start-up (pkg/bpf/probes.go names), as on a 6.8 kernel. */
const FEATURE_PROBES: [string, boolean][] = [
  ["override_return", true],
  ["buildid", true],
  ["kprobe_multi", true],
  ["uprobe_multi", true],
  ["fmodret", true],
  ["fmodret_syscall", true],
  ["signal", true],
  ["large", true],
  ["link_pin", true],
  ["lsm", true],
  ["missed_stats_kprobe_multi", true],
  ["missed_stats_kprobe", true],
  ["batch_update", true],
  ["uprobe_refctroff", true],
  ["audit_loginuid", true],
  ["probe_write_user", false],
  ["uprobe_regs_change", false],
  ["mix_bpf_and_tail_calls", true],
  ["fentry", true],
  ["get_func_ret", true],
  ["substring_kfunc", false],
  ["copy_from_user_str", true],
];

type Setting = string | boolean | number | readonly string[];

function settingsOf(ancestors: AncestorKinds): [string, Setting][] {
  return [
    ["enable-ancestors", [...ancestors]],
    ["enable-process-cred", true],
    ["enable-process-ns", true],
    ["enable-k8s-api", true],
    ["enable-pod-info", false],
    ["enable-pod-annotations", false],
    ["enable-policy-filter", true],
    ["enable-tracing-policy-crd", true],
    ["enable-process-environment-variables", false],
    ["enable-cri", false],
    ["enable-cgidmap", false],
    ["enable-export-aggregation", false],
    ["enable-msg-handling-latency", false],
    [
      "export-allowlist",
      '{"event_set":["PROCESS_EXEC", "PROCESS_EXIT", "PROCESS_KPROBE", "PROCESS_UPROBE", "PROCESS_TRACEPOINT", "PROCESS_LSM"]}',
    ],
    ["export-denylist", '{"health_check":true}\n{"namespace":["", "cilium", "kube-system"]}'],
    ["export-filename", "/var/run/cilium/tetragon/tetragon.log"],
    ["export-file-max-size-mb", 10],
    ["export-file-max-backups", 5],
    ["export-file-compress", false],
    ["export-rate-limit", -1],
    ["field-filters", ""],
    ["redaction-filters", ""],
    ["cgroup-rate", "1000,1s"],
    ["process-cache-size", 65536],
    ["event-queue-size", 10000],
    ["server-address", "localhost:54321"],
    ["health-server-address", ":6789"],
    ["metrics-server", ":2112"],
    ["gops-address", "localhost:8118"],
    ["cluster-name", ""],
    ["log-level", "info"],
    ["log-format", "text"],
    ["bpf-lib", "/var/lib/tetragon/"],
    ["procfs", "/procRoot"],
    ["tracing-policy-dir", "/etc/tetragon/tetragon.tp.d"],
    ["username-metadata", "disabled"],
    ["expose-stack-addresses", false],
    ["keep-sensors-on-exit", false],
    ["release-pinned-bpf", true],
    ["debug", false],
  ];
}

function valueOf(v: Setting) {
  if (typeof v === "string")
    return anyPack(StringValueSchema, create(StringValueSchema, { value: v }));
  if (typeof v === "boolean")
    return anyPack(BoolValueSchema, create(BoolValueSchema, { value: v }));
  if (typeof v === "number")
    return anyPack(Int64ValueSchema, create(Int64ValueSchema, { value: BigInt(v) }));
  return anyPack(
    ListValueSchema,
    create(ListValueSchema, {
      values: v.map((s) => ({ kind: { case: "stringValue" as const, value: s } })),
    }),
  );
}

export function agentInfo(ancestors: AncestorKinds): GetInfoResponse {
  return create(GetInfoResponseSchema, {
    version: DEMO_AGENT_VERSION,
    name: "tetragon (demo agent)",
    probes: FEATURE_PROBES.map(([Name, Enabled]) => ({ Name, Enabled })),
    conf: settingsOf(ancestors).map(([key, v]) => ({ key, value: valueOf(v) })),
    build: {
      goVersion: "go1.24.5",
      commit: "5f0c1a9e7d3b2468ace0f13579bdf2468ace0f13",
      time: "2025-06-12T09:41:27Z",
      modified: "false",
    },
  });
}
