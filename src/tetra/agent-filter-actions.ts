/**
 * One-click changes to the agent filter: the presets and "Only this / Hide this at the
 * agent" from a row's value. Each is lists -> lists, so the caller applies, previews or
 * undoes it like any edit.
 *
 * Only: every allow filter gets the constraint (AND), replacing that field's values; with no
 * allow filter, one is made. Hide: a deny filter on that field alone gets the value (OR), or
 * one is added. Values are matched exactly: regex fields get `^quoted$`.
 */
import { RE2JS } from "re2js";
import type { AgentFilter, AgentFilterLists } from "./agent-filter.js";
import { eventTypeName } from "./filter-values.js";

/** Row fields an agent filter can match on, and the Filter field each one sets. */
export type AgentClickField = "pod" | "namespace" | "binary" | "eventType" | "policy";

type ClickKey = "podRegex" | "namespace" | "binaryRegex" | "eventSet" | "policyNames";

const CLICK_KEY: Readonly<Record<AgentClickField, ClickKey>> = {
  pod: "podRegex",
  namespace: "namespace",
  binary: "binaryRegex",
  eventType: "eventSet",
  policy: "policyNames",
};

function exact(value: string): string {
  return `^${RE2JS.quote(value)}$`;
}

/** The Filter value for a row value; undefined when it cannot be one (unknown event kind). */
function filterValue(field: AgentClickField, value: string): string | undefined {
  switch (field) {
    case "pod":
    case "binary":
      return exact(value);
    case "eventType":
      return eventTypeName(value);
    case "namespace":
    case "policy":
      return value;
  }
}

/** Keep only events whose `field` is `value`, at the agent. */
export function onlyAtAgent(
  lists: AgentFilterLists,
  field: AgentClickField,
  value: string,
): AgentFilterLists {
  const v = filterValue(field, value);
  if (v === undefined) return lists;
  const key = CLICK_KEY[field];
  const allow = lists.allow.length === 0 ? [{}] : lists.allow;
  return { ...lists, allow: allow.map((f): AgentFilter => ({ ...f, [key]: [v] })) };
}

/** Drop events whose `field` is `value`, at the agent. */
export function hideAtAgent(
  lists: AgentFilterLists,
  field: AgentClickField,
  value: string,
): AgentFilterLists {
  const v = filterValue(field, value);
  if (v === undefined) return lists;
  return addDeny(lists, CLICK_KEY[field], v);
}

function addDeny(lists: AgentFilterLists, key: ClickKey, value: string): AgentFilterLists {
  const i = lists.deny.findIndex((f) => Object.keys(f).length === 1 && f[key] !== undefined);
  const existing = i >= 0 ? lists.deny[i] : undefined;
  if (existing === undefined) return { ...lists, deny: [...lists.deny, { [key]: [value] }] };
  const values = existing[key] ?? [];
  if (values.includes(value)) return lists;
  const deny = [...lists.deny];
  deny[i] = { [key]: [...values, value] };
  return { ...lists, deny };
}

/** Preset "Hide kube-system": the agent drops events of pods in kube-system. */
export function hideKubeSystem(lists: AgentFilterLists): AgentFilterLists {
  return addDeny(lists, "namespace", "kube-system");
}

/**
 * Preset "Hide health checks": the agent drops processes that may be Kubernetes exec probes
 * (and their children), as `health_check: true` in the deny list.
 */
export function hideHealthChecks(lists: AgentFilterLists): AgentFilterLists {
  if (lists.deny.some((f) => Object.keys(f).length === 1 && f.healthCheck === true)) return lists;
  return { ...lists, deny: [...lists.deny, { healthCheck: true }] };
}

export interface AgentFilterPreset {
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly apply: (lists: AgentFilterLists) => AgentFilterLists;
}

export const AGENT_FILTER_PRESETS: readonly AgentFilterPreset[] = [
  {
    id: "hide-kube-system",
    label: "Hide kube-system",
    title: "Deny filter: namespace kube-system. The agents stop sending events of those pods.",
    apply: hideKubeSystem,
  },
  {
    id: "hide-health-checks",
    label: "Hide health checks",
    title:
      "Deny filter: health_check true. The agents stop sending processes that may be Kubernetes exec probes, and their children.",
    apply: hideHealthChecks,
  },
];
