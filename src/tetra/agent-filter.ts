/**
 * The agent filter: the allow and deny lists of `tetragon.Filter` a browser asks every agent
 * to apply (GetEventsRequest `allow_list` / `deny_list`), as plain data the page, the worker
 * and the gateway can hold, compare and put in a URL.
 *
 * An `AgentFilter` has the shape of the Filter's canonical protobuf JSON (lowerCamelCase
 * names, enum values by name, BoolValue as a boolean), so `fromJson(FilterSchema, filter)`
 * reads it as is (agent-filter-request.ts) and "Copy as GetEventsRequest JSON" is that JSON.
 * Every field of the real message (19 at cilium/tetragon 4fbfe2d, checked against the
 * descriptor set by agent-filter-request.test.ts) is here; a field added to the proto fails
 * the typecheck of agent-filter-request.ts until it is added.
 *
 * Semantics are the agent's (pkg/filters in cilium/tetragon): an event is sent when it
 * matches any allow filter (or the allow list is empty) and no deny filter; within a filter
 * every set field must match (AND); within a field any value may match (OR).
 */

/** Repeated string fields: regexes, names, label selectors, CEL expressions. */
export type TextListKey =
  | "binaryRegex"
  | "namespace"
  | "podRegex"
  | "argumentsRegex"
  | "labels"
  | "policyNames"
  | "parentBinaryRegex"
  | "celExpression"
  | "parentArgumentsRegex"
  | "containerId"
  | "ancestorBinaryRegex"
  | "containerNameRegex"
  | "namespaceRegex";

/** Repeated uint32 fields. */
export type NumberListKey = "pid" | "pidSet";

/** google.protobuf.BoolValue fields: unset, true or false. */
export type BoolKey = "healthCheck" | "inInitTree";

export const CAP_SETS = ["permitted", "effective", "inheritable"] as const;
export const CAP_MATCHES = ["any", "all", "exactly", "none"] as const;
export type CapSetName = (typeof CAP_SETS)[number];
export type CapMatch = (typeof CAP_MATCHES)[number];

/** CapFilterSet: capability names ("CAP_SYS_ADMIN") per match kind. */
export type CapFilterSetView = { readonly [M in CapMatch]?: readonly string[] };
/** CapFilter: one CapFilterSet per capability set of the process. */
export type CapFilterView = { readonly [S in CapSetName]?: CapFilterSetView };

export type AgentFilter = { readonly [K in TextListKey]?: readonly string[] } & {
  readonly [K in NumberListKey]?: readonly number[];
} & { readonly [K in BoolKey]?: boolean } & {
  /** EventType names: "PROCESS_EXEC", "PROCESS_KPROBE"… */
  readonly eventSet?: readonly string[];
  readonly capabilities?: CapFilterView;
};

export type AgentFilterKey = keyof AgentFilter;

export interface AgentFilterLists {
  readonly allow: readonly AgentFilter[];
  readonly deny: readonly AgentFilter[];
}

export type ListName = keyof AgentFilterLists;

export const NO_AGENT_FILTER: AgentFilterLists = { allow: [], deny: [] };

/** The filter without its empty fields (an empty list or cap set means "not set" on the wire). */
export function compactFilter(filter: AgentFilter): AgentFilter {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter) as [string, unknown][]) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) out[key] = value;
    } else if (key === "capabilities") {
      const caps = compactCaps(value as CapFilterView);
      if (caps !== undefined) out[key] = caps;
    } else {
      out[key] = value;
    }
  }
  return out;
}

function compactCaps(caps: CapFilterView): CapFilterView | undefined {
  const out: Record<string, CapFilterSetView> = {};
  for (const set of CAP_SETS) {
    const matches: Record<string, readonly string[]> = {};
    for (const m of CAP_MATCHES) {
      const names = caps[set]?.[m];
      if (names !== undefined && names.length > 0) matches[m] = names;
    }
    if (Object.keys(matches).length > 0) out[set] = matches;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function isEmptyFilter(filter: AgentFilter): boolean {
  return Object.keys(compactFilter(filter)).length === 0;
}

/** True when neither list holds a filter: the agent sends everything. */
export function isNoAgentFilter(lists: AgentFilterLists): boolean {
  return lists.allow.length === 0 && lists.deny.length === 0;
}

/** Canonical text of the lists (keys in a fixed order, empty fields dropped): equality, URLs. */
export function agentFilterKey(lists: AgentFilterLists): string {
  const canon = (f: AgentFilter): Record<string, unknown> => {
    const c = compactFilter(f) as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(c)
        .sort()
        .map((k) => [k, c[k]]),
    );
  };
  return JSON.stringify({ allow: lists.allow.map(canon), deny: lists.deny.map(canon) });
}

export function sameAgentFilter(a: AgentFilterLists, b: AgentFilterLists): boolean {
  return agentFilterKey(a) === agentFilterKey(b);
}
