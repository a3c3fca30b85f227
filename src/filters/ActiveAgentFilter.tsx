/**
 * The header's one-line summary of the agent filter in force ("Agent: allow pod_regex
 * ^xwing$ · deny namespace kube-system"); nothing when the agents send everything. The full
 * text is in the title when the line is cut.
 */
import type { AgentFilterLists } from "../tetra/agent-filter.js";
import { summarizeAgentFilter } from "../tetra/agent-filter-summary.js";

export interface ActiveAgentFilterProps {
  readonly value: AgentFilterLists;
}

export function ActiveAgentFilter({ value }: ActiveAgentFilterProps) {
  const summary = summarizeAgentFilter(value);
  if (summary === undefined) return null;
  return (
    <p
      role="status"
      aria-label="Agent filter in force"
      title={summary}
      className="max-w-[40rem] truncate font-mono text-[11px] text-slate-600 dark:text-slate-300"
    >
      <span className="font-sans font-medium">Agent: </span>
      {summary}
    </p>
  );
}
