/**
 * One line of text for the agent filter in force, for the header ("allow pod_regex ^xwing$ ·
 * deny namespace kube-system"). Values are shown as typed (attacker-controlled strings only
 * ever reach the page as text).
 */
import type { AgentFilter, AgentFilterLists } from "./agent-filter.js";
import { fieldValues } from "./agent-filter-draft.js";
import { FIELD_SPECS } from "./filter-fields.js";

export function summarizeFilter(filter: AgentFilter): string {
  const parts: string[] = [];
  for (const spec of FIELD_SPECS) {
    const values = fieldValues(filter, spec.key).map((v) =>
      spec.key === "namespace" && v === "" ? "(host)" : String(v),
    );
    if (values.length > 0) parts.push(`${spec.proto} ${values.join(" | ")}`);
  }
  return parts.length === 0 ? "(empty)" : parts.join(" & ");
}

/** Per list: its filters' summaries joined by "or"; undefined when no filter is set. */
export function summarizeAgentFilter(lists: AgentFilterLists): string | undefined {
  const part = (name: string, filters: readonly AgentFilter[]): string | undefined =>
    filters.length === 0
      ? undefined
      : `${name} ${filters.map((f) => (filters.length > 1 ? `(${summarizeFilter(f)})` : summarizeFilter(f))).join(" or ")}`;
  const parts = [part("allow", lists.allow), part("deny", lists.deny)].filter(
    (p): p is string => p !== undefined,
  );
  return parts.length === 0 ? undefined : parts.join(" · ");
}
