/**
 * ListTracingPolicies -> plain view types: every field of TracingPolicyStatus a user needs
 * (name, namespace, state, mode, error, info, sensors, hooks and their load state, kernel
 * memory, action counters overall and per selector). Enum values map through tables typed
 * `Record<Enum, ...>`, so a value added to the proto fails the typecheck here; a value a newer
 * agent sends that this build does not know reads as "unknown (N)". Pure.
 */
import {
  HookState,
  type ListTracingPoliciesResponse,
  type TracingPolicyActionCounters,
  TracingPolicyMode,
  TracingPolicyState,
  type TracingPolicyStatus,
} from "../gen/tetragon/sensors_pb.js";

/** How a state or hook status should look: fine, needs a look, broken, or neither. */
export type Tone = "ok" | "warning" | "error" | "muted";

export interface Labelled {
  readonly label: string;
  readonly tone: Tone;
}

export interface PolicyHookView {
  readonly index: number;
  readonly section: string;
  readonly description: string;
  readonly state: Labelled;
}

export interface ActionCount {
  readonly action: string;
  readonly count: bigint;
}

export interface SelectorCountsView {
  readonly hook: string;
  readonly hookIndex: number | undefined;
  readonly selectorIndex: number | undefined;
  readonly selectorLabel: string;
  readonly counts: readonly ActionCount[];
}

export interface TracingPolicyView {
  readonly id: string;
  readonly name: string;
  /** "" for a cluster-wide TracingPolicy; the namespace of a TracingPolicyNamespaced. */
  readonly namespace: string;
  readonly domain: string;
  readonly info: string;
  readonly sensors: readonly string[];
  readonly state: Labelled;
  readonly mode: Labelled;
  readonly error: string;
  readonly kernelMemoryBytes: bigint;
  readonly filterId: string;
  readonly hooks: readonly PolicyHookView[];
  /** Non-zero action counters; [] when none fired (or the agent sends no stats). */
  readonly actions: readonly ActionCount[];
  readonly selectors: readonly SelectorCountsView[];
}

const STATE: Record<TracingPolicyState, Labelled> = {
  [TracingPolicyState.TP_STATE_UNKNOWN]: { label: "unknown", tone: "muted" },
  [TracingPolicyState.TP_STATE_ENABLED]: { label: "enabled", tone: "ok" },
  [TracingPolicyState.TP_STATE_DISABLED]: { label: "disabled", tone: "muted" },
  [TracingPolicyState.TP_STATE_LOAD_ERROR]: { label: "load error", tone: "error" },
  [TracingPolicyState.TP_STATE_ERROR]: { label: "error", tone: "error" },
  [TracingPolicyState.TP_STATE_LOADING]: { label: "loading", tone: "muted" },
  [TracingPolicyState.TP_STATE_UNLOADING]: { label: "unloading", tone: "muted" },
  [TracingPolicyState.TP_STATE_SKIPPED]: { label: "skipped", tone: "warning" },
  [TracingPolicyState.TP_STATE_PARTIALLY_ENABLED]: { label: "partially enabled", tone: "warning" },
};

const MODE: Record<TracingPolicyMode, Labelled> = {
  [TracingPolicyMode.TP_MODE_UNKNOWN]: { label: "unknown", tone: "muted" },
  [TracingPolicyMode.TP_MODE_ENFORCE]: { label: "enforce", tone: "ok" },
  // Monitor: enforcement actions (Sigkill, Override...) are counted, not taken.
  [TracingPolicyMode.TP_MODE_MONITOR]: { label: "monitor", tone: "muted" },
  [TracingPolicyMode.TP_MODE_MONITOR_ONLY]: { label: "monitor only", tone: "muted" },
};

const HOOK: Record<HookState, Labelled> = {
  [HookState.STATUS_UNSPECIFIED]: { label: "unspecified", tone: "muted" },
  [HookState.STATUS_LOADED]: { label: "loaded", tone: "ok" },
  [HookState.STATUS_DIGEST_REJECTED]: { label: "digest rejected", tone: "error" },
  [HookState.STATUS_CALL_NOT_FOUND]: { label: "call not found", tone: "error" },
  [HookState.STATUS_PARTIAL_CALL_NOT_FOUND]: { label: "partly not found", tone: "warning" },
};

function labelled<E extends number>(table: Record<E, Labelled>, value: E): Labelled {
  return (
    (table as Partial<Record<number, Labelled>>)[value] ?? {
      label: `unknown (${value})`,
      tone: "muted",
    }
  );
}

/** Counter field -> how users name the action; monitor_* fire in monitor mode instead. */
const ACTIONS: readonly [
  keyof Omit<TracingPolicyActionCounters, "$typeName" | "$unknown">,
  string,
][] = [
  ["post", "post"],
  ["nopost", "no post"],
  ["signal", "signal"],
  ["monitorSignal", "signal (monitored)"],
  ["override", "override"],
  ["monitorOverride", "override (monitored)"],
  ["notifyEnforcer", "notify enforcer"],
  ["monitorNotifyEnforcer", "notify enforcer (monitored)"],
  ["set", "set"],
  ["monitorSet", "set (monitored)"],
];

function actionCounts(c: TracingPolicyActionCounters | undefined): ActionCount[] {
  if (c === undefined) return [];
  return ACTIONS.filter(([field]) => c[field] !== 0n).map(([field, action]) => ({
    action,
    count: c[field],
  }));
}

export function toTracingPolicyView(p: TracingPolicyStatus): TracingPolicyView {
  return {
    id: p.id.toString(),
    name: p.name,
    namespace: p.namespace,
    domain: p.domain,
    info: p.info,
    sensors: p.sensors,
    state: labelled(STATE, p.state),
    mode: labelled(MODE, p.mode),
    error: p.error,
    kernelMemoryBytes: p.kernelMemoryBytes,
    filterId: p.filterId.toString(),
    hooks: p.hookStatuses.map((h) => ({
      index: h.hookIdx,
      section: h.section,
      description: h.hookDescription,
      state: labelled(HOOK, h.state),
    })),
    actions: actionCounts(p.stats?.actionCounters),
    selectors: (p.stats?.selectorActionCounters ?? []).map((s) => ({
      hook: s.hook,
      hookIndex: s.hookIndex,
      selectorIndex: s.selectorIndex,
      selectorLabel: s.selectorLabel,
      counts: actionCounts(s.actionCounters),
    })),
  };
}

/** Policies in error first, then by namespace and name, so problems are at the top. */
export function toTracingPolicyViews(res: ListTracingPoliciesResponse): TracingPolicyView[] {
  const rank = (v: TracingPolicyView) => (v.state.tone === "error" || v.error !== "" ? 0 : 1);
  return res.policies
    .map(toTracingPolicyView)
    .sort(
      (a, b) =>
        rank(a) - rank(b) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
    );
}
