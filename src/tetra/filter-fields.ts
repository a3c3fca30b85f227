/**
 * Every field of `tetragon.Filter` as the panel edits it: its proto name, a label, what it
 * means at the agent (the title/tooltip) and how its values are typed. One row per editable
 * value list; capabilities have one row per capability set and match kind. Meanings follow
 * the agent's pkg/filters (cilium/tetragon).
 */
import type { BoolKey, CapMatch, CapSetName, NumberListKey, TextListKey } from "./agent-filter.js";
import { CAP_MATCHES, CAP_SETS } from "./agent-filter.js";
import type { ValueKind } from "./filter-values.js";

export type CapKey = `caps.${CapSetName}.${CapMatch}`;
export type DraftKey = TextListKey | NumberListKey | BoolKey | "eventSet" | CapKey;

/**
 * How the input is typed: one value per line (regexes, selectors and CEL may contain
 * commas), comma separated (names without commas), or a three-way choice.
 */
export type InputStyle = "lines" | "commas" | "bool";

export interface FieldSpec {
  readonly key: DraftKey;
  /** The Filter field's proto name, shown beside the label. */
  readonly proto: string;
  readonly label: string;
  /** What the agent does with it (tooltip). */
  readonly title: string;
  readonly placeholder: string;
  /** A value the agent takes (for tests and docs; most placeholders are one). */
  readonly example: string;
  readonly input: InputStyle;
  readonly kind: ValueKind | "bool";
  /** Shown in the advanced part of the panel. */
  readonly advanced?: true;
}

/** In the panel's "lines" input for namespace, this line stands for "" (host processes). */
export const HOST_NAMESPACE_TOKEN = "<host>";

const text = (
  key: TextListKey,
  proto: string,
  label: string,
  kind: ValueKind,
  title: string,
  placeholder: string,
  advanced?: true,
): FieldSpec => ({
  key,
  proto,
  label,
  kind,
  title,
  placeholder,
  example: placeholder,
  input: kind === "name" && key === "policyNames" ? "commas" : "lines",
  ...(advanced ? { advanced } : {}),
});

const BASIC: readonly FieldSpec[] = [
  {
    key: "eventSet",
    proto: "event_set",
    label: "Event types",
    kind: "event",
    input: "commas",
    title:
      "Only these event types (PROCESS_EXEC, PROCESS_KPROBE…; exec, kprobe also work). The agent compares the event's type.",
    placeholder: "PROCESS_EXEC, PROCESS_KPROBE",
    example: "PROCESS_EXEC, PROCESS_KPROBE",
  },
  text(
    "namespace",
    "namespace",
    "Namespace",
    "name",
    `Kubernetes namespace of the process's pod, exact name, one per line. ${HOST_NAMESPACE_TOKEN} matches processes outside any pod (the host).`,
    "kube-system",
  ),
  text(
    "podRegex",
    "pod_regex",
    "Pod",
    "re2",
    "RE2 pattern on the pod name, matched anywhere (^…$ for exact), one per line; any line may match.",
    "^xwing$",
  ),
  text(
    "binaryRegex",
    "binary_regex",
    "Binary",
    "re2",
    "RE2 pattern on the process's binary path, matched anywhere, one per line.",
    "^/usr/bin/(curl|wget)$",
  ),
  text(
    "argumentsRegex",
    "arguments_regex",
    "Arguments",
    "re2",
    "RE2 pattern on the process's arguments (one string), one per line.",
    "--token",
  ),
  text(
    "labels",
    "labels",
    "Pod labels",
    "labels",
    "Kubernetes label selector on the pod's labels (app=x, env in (a,b), !canary), one selector per line; any may match. Events without a pod never match.",
    "app.kubernetes.io/name=xwing,env!=test",
  ),
  text(
    "policyNames",
    "policy_names",
    "Policy names",
    "name",
    "Only events produced by these TracingPolicies (kprobe, tracepoint, uprobe, LSM, USDT events), comma separated.",
    "file-monitoring, network",
  ),
  text(
    "celExpression",
    "cel_expression",
    "CEL",
    "cel",
    "CEL expression, one per line; any true one matches. Variables are the event kinds: process_exec, process_kprobe… e.g. process_kprobe.function_name == 'security_file_permission'.",
    "process_exec.process.pod.pod_labels['class'] == 'deathstar'",
  ),
];

const ADVANCED: readonly FieldSpec[] = [
  text(
    "namespaceRegex",
    "namespace_regex",
    "Namespace regex",
    "re2",
    "RE2 pattern on the pod's namespace, one per line.",
    "^team-",
    true,
  ),
  text(
    "containerNameRegex",
    "container_name_regex",
    "Container name",
    "re2",
    "RE2 pattern on the container name inside the pod, one per line.",
    "^sidecar$",
    true,
  ),
  text(
    "containerId",
    "container_id",
    "Container ID",
    "re2",
    "RE2 pattern on the container ID (the process's docker field), so a prefix works; one per line.",
    "^551e161c47d8",
    true,
  ),
  text(
    "parentBinaryRegex",
    "parent_binary_regex",
    "Parent binary",
    "re2",
    "RE2 pattern on the parent process's binary path, one per line.",
    "^/usr/bin/bash$",
    true,
  ),
  text(
    "parentArgumentsRegex",
    "parent_arguments_regex",
    "Parent arguments",
    "re2",
    "RE2 pattern on the parent process's arguments, one per line.",
    "-c",
    true,
  ),
  text(
    "ancestorBinaryRegex",
    "ancestor_binary_regex",
    "Ancestor binary",
    "re2",
    "RE2 pattern on the binary of any ancestor (parent, grandparent…); needs the agent's --enable-ancestors.",
    "containerd-shim",
    true,
  ),
  {
    key: "pid",
    proto: "pid",
    label: "PID",
    kind: "uint",
    input: "commas",
    title: "Process IDs (as the agent sees them, in the host PID namespace), comma separated.",
    placeholder: "1234, 5678",
    example: "1234, 5678",
    advanced: true,
  },
  {
    key: "pidSet",
    proto: "pid_set",
    label: "PID set",
    kind: "uint",
    input: "commas",
    title:
      "Process IDs whose events and all their descendants' events match (the agent follows children as they start).",
    placeholder: "1234",
    example: "1234",
    advanced: true,
  },
  {
    key: "healthCheck",
    proto: "health_check",
    label: "Health check",
    kind: "bool",
    input: "bool",
    title:
      "true: only processes that may be Kubernetes exec probes (liveness/readiness), or their children; false: everything else.",
    placeholder: "",
    example: "true",
    advanced: true,
  },
  {
    key: "inInitTree",
    proto: "in_init_tree",
    label: "In init tree",
    kind: "bool",
    input: "bool",
    title:
      "true: only processes in the container's init tree (the entrypoint and its descendants); false: only processes started otherwise (kubectl exec…).",
    placeholder: "",
    example: "false",
    advanced: true,
  },
];

const CAP_TITLES: Readonly<Record<CapMatch, string>> = {
  any: "has at least one of",
  all: "has all of",
  exactly: "has exactly",
  none: "has none of",
};

const CAPS: readonly FieldSpec[] = CAP_SETS.flatMap((set) =>
  CAP_MATCHES.map((match): FieldSpec => ({
    key: `caps.${set}.${match}`,
    proto: `capabilities.${set}.${match}`,
    label: `${set} ${match}`,
    kind: "cap",
    input: "commas",
    title: `The process's ${set} capability set ${CAP_TITLES[match]} these capabilities (CAP_SYS_ADMIN, NET_RAW…), comma separated.`,
    placeholder: "CAP_SYS_ADMIN",
    example: "CAP_SYS_ADMIN",
    advanced: true,
  })),
);

export const FIELD_SPECS: readonly FieldSpec[] = [...BASIC, ...ADVANCED, ...CAPS];

export const FIELD_SPEC: Readonly<Record<DraftKey, FieldSpec>> = Object.fromEntries(
  FIELD_SPECS.map((s) => [s.key, s]),
) as Record<DraftKey, FieldSpec>;
