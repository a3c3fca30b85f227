/*
 * The tracing policies the demo agent reports through ListTracingPolicies, with every field
 * the real TracingPolicyStatus carries: id, name, namespace (TracingPolicyNamespaced), state,
 * mode, sensors, filter id, kernel memory, per-hook load status and action counters. The
 * names are the ones events.ts stamps on the events it generates (a test holds both sides
 * to it); one policy failed to load and so never reports events.
 * Counters grow with the agent's uptime at each selector's own pace: the same uptime gives
 * the same numbers.
 */
import { create } from "@bufbuild/protobuf";
import {
  HookState,
  TracingPolicyMode,
  TracingPolicyState,
  TracingPolicyStatusSchema,
  type TracingPolicyActionCounters,
  type TracingPolicyStatus,
} from "../../src/gen/tetragon/sensors_pb.js";

export const POLICY = {
  fileMonitoring: "file-monitoring",
  tcpConnect: "tcp-connect",
  paymentsEgress: "payments-egress",
  denyReverseShell: "deny-reverse-shell",
  privilegesRaise: "privileges-raise",
  fileOpenLsm: "file-open-lsm",
  ptrace: "ptrace-tracepoint",
  bashReadline: "bash-readline",
  blockModuleLoad: "block-module-load",
} as const;

/** payments-egress is a TracingPolicyNamespaced: it sees this namespace's pods only. */
export const PAYMENTS_NAMESPACE = "payments";
/** Ports deny-reverse-shell kills a connect to (a listener for a reverse shell). */
export const SHELL_PORTS: ReadonlySet<number> = new Set([4444, 1337]);

type Action = "post" | "signal" | "monitorSignal";

interface Hook {
  section: "kprobes" | "tracepoints" | "lsmhooks" | "uprobes";
  name: string;
  state?: HookState;
  /** Selector that matched, its label, what it does and how often (events/h at uptime). */
  selector?: { label: string; action: Action; perHour: number };
}

interface DemoPolicy {
  name: string;
  namespace: string;
  sensor: "generic_kprobe" | "generic_tracepoint" | "generic_lsm" | "generic_uprobe";
  mode: TracingPolicyMode;
  state: TracingPolicyState;
  error?: string;
  filterId: number;
  kernelMemoryBytes: number;
  hooks: Hook[];
}

const MONITOR = TracingPolicyMode.TP_MODE_MONITOR;
const ENFORCE = TracingPolicyMode.TP_MODE_ENFORCE;
const ENABLED = TracingPolicyState.TP_STATE_ENABLED;

const DEMO_POLICIES: DemoPolicy[] = [
  {
    name: POLICY.fileMonitoring,
    namespace: "",
    sensor: "generic_kprobe",
    mode: MONITOR,
    state: ENABLED,
    filterId: 0,
    kernelMemoryBytes: 5_349_376,
    hooks: [
      {
        section: "kprobes",
        name: "security_file_permission",
        selector: { label: "sensitive-files", action: "post", perHour: 2_400 },
      },
      {
        section: "kprobes",
        name: "fd_install",
        selector: { label: "sensitive-files", action: "post", perHour: 1_800 },
      },
    ],
  },
  {
    name: POLICY.tcpConnect,
    namespace: "",
    sensor: "generic_kprobe",
    mode: MONITOR,
    state: ENABLED,
    filterId: 2,
    kernelMemoryBytes: 2_412_544,
    hooks: [
      {
        section: "kprobes",
        name: "tcp_connect",
        selector: { label: "", action: "post", perHour: 5_200 },
      },
    ],
  },
  {
    name: POLICY.paymentsEgress,
    namespace: PAYMENTS_NAMESPACE,
    sensor: "generic_kprobe",
    mode: MONITOR,
    state: ENABLED,
    filterId: 3,
    kernelMemoryBytes: 2_412_544,
    hooks: [
      {
        section: "kprobes",
        name: "tcp_connect",
        selector: { label: "pci-egress", action: "post", perHour: 1_900 },
      },
    ],
  },
  {
    name: POLICY.denyReverseShell,
    namespace: "",
    sensor: "generic_kprobe",
    mode: ENFORCE,
    state: ENABLED,
    filterId: 0,
    kernelMemoryBytes: 2_416_640,
    hooks: [
      {
        section: "kprobes",
        name: "tcp_connect",
        selector: { label: "shell-ports", action: "signal", perHour: 12 },
      },
    ],
  },
  {
    name: POLICY.privilegesRaise,
    namespace: "",
    sensor: "generic_kprobe",
    mode: MONITOR,
    state: ENABLED,
    filterId: 0,
    kernelMemoryBytes: 3_563_520,
    hooks: [
      {
        section: "kprobes",
        name: "__x64_sys_setuid",
        selector: { label: "to-root", action: "post", perHour: 240 },
      },
      { section: "kprobes", name: "__x64_sys_setgid" },
    ],
  },
  {
    name: POLICY.fileOpenLsm,
    namespace: "",
    sensor: "generic_lsm",
    mode: MONITOR,
    state: ENABLED,
    filterId: 0,
    kernelMemoryBytes: 4_128_768,
    hooks: [
      {
        section: "lsmhooks",
        name: "file_open",
        selector: { label: "credentials", action: "post", perHour: 600 },
      },
      {
        section: "lsmhooks",
        name: "bprm_check_security",
        selector: { label: "untrusted-exec", action: "post", perHour: 90 },
      },
    ],
  },
  {
    name: POLICY.ptrace,
    namespace: "",
    sensor: "generic_tracepoint",
    mode: MONITOR,
    state: ENABLED,
    filterId: 0,
    kernelMemoryBytes: 1_122_304,
    hooks: [
      {
        section: "tracepoints",
        name: "syscalls/sys_enter_ptrace",
        selector: { label: "attach", action: "post", perHour: 30 },
      },
    ],
  },
  {
    name: POLICY.bashReadline,
    namespace: "",
    sensor: "generic_uprobe",
    mode: MONITOR,
    state: ENABLED,
    filterId: 0,
    kernelMemoryBytes: 1_306_624,
    hooks: [
      {
        section: "uprobes",
        name: "/bin/bash:readline",
        selector: { label: "", action: "post", perHour: 360 },
      },
    ],
  },
  {
    // Written for x86-64 syscall names; the arm64 nodes have no such kernel function.
    name: POLICY.blockModuleLoad,
    namespace: "",
    sensor: "generic_kprobe",
    mode: ENFORCE,
    state: TracingPolicyState.TP_STATE_LOAD_ERROR,
    error:
      'sensor generic_kprobe from collection block-module-load failed to load: kprobe "__x64_sys_finit_module" not found: use the syscall name "sys_finit_module" (syscall: true) to stay portable across architectures',
    filterId: 0,
    kernelMemoryBytes: 0,
    hooks: [
      {
        section: "kprobes",
        name: "__x64_sys_finit_module",
        state: HookState.STATUS_CALL_NOT_FOUND,
      },
      { section: "kprobes", name: "__x64_sys_init_module", state: HookState.STATUS_UNSPECIFIED },
    ],
  },
];

/** Every name events may carry, and the policies that cannot (not loaded). */
export const LOADED_POLICY_NAMES: ReadonlySet<string> = new Set(
  DEMO_POLICIES.filter((p) => p.state === ENABLED).map((p) => p.name),
);

function counters(action: Action | undefined, count: bigint, mode: TracingPolicyMode) {
  // In monitor mode an enforcing action is counted as what it would have done.
  const signal = action === "signal" && mode === ENFORCE ? count : 0n;
  const monitorSignal =
    action === "monitorSignal" || (action === "signal" && mode !== ENFORCE) ? count : 0n;
  return {
    post: action === "post" || action === "signal" ? count : 0n,
    signal,
    monitorSignal,
  } satisfies Partial<TracingPolicyActionCounters>;
}

/** The policies as ListTracingPolicies answers, `uptimeS` seconds after the agent started. */
export function tracingPolicyStatuses(uptimeS: number): TracingPolicyStatus[] {
  return DEMO_POLICIES.map((p, i) => {
    const loaded = p.state === ENABLED;
    const perHook = p.hooks.map((h) =>
      loaded && h.selector ? BigInt(Math.floor((uptimeS * h.selector.perHour) / 3600)) : 0n,
    );
    const total = (a: keyof ReturnType<typeof counters>) =>
      p.hooks.reduce(
        (sum, h, j) => sum + counters(h.selector?.action, perHook[j] ?? 0n, p.mode)[a],
        0n,
      );
    return create(TracingPolicyStatusSchema, {
      id: BigInt(i + 1),
      name: p.name,
      namespace: p.namespace,
      info: "",
      sensors: [p.sensor],
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated, not removed: a real agent still fills it, so clients that read it see the same.
      enabled: loaded,
      filterId: BigInt(p.filterId),
      error: p.error ?? "",
      state: p.state,
      kernelMemoryBytes: BigInt(p.kernelMemoryBytes),
      mode: p.mode,
      stats: {
        actionCounters: {
          post: total("post"),
          signal: total("signal"),
          monitorSignal: total("monitorSignal"),
        },
        selectorActionCounters: p.hooks.flatMap((h, j) =>
          h.selector
            ? [
                {
                  hook: h.name,
                  hookIndex: j,
                  selectorIndex: 0,
                  actionCounters: counters(h.selector.action, perHook[j] ?? 0n, p.mode),
                  selectorLabel: h.selector.label,
                },
              ]
            : [],
        ),
      },
      domain: "",
      hookStatuses: p.hooks.map((h, j) => ({
        section: h.section,
        state: h.state ?? (loaded ? HookState.STATUS_LOADED : HookState.STATUS_UNSPECIFIED),
        hookDescription: h.name,
        hookIdx: j,
      })),
    });
  });
}
