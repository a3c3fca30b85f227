/**
 * Which empty state the table shows when it has no rows, and its next step (issue 14,
 * problem 6): nothing is held and no agent is reachable (why, what to run); connected and
 * waiting for the first event; events held but the filters match none ("Clear filters");
 * everything hidden by Clear. Pure: decided from the connection, the agents' status, the
 * counts and whether the worker has applied the newest filters.
 */
import { connectionSummary } from "../components/connection-summary";
import { FILTER_FIELDS, type FilterSpec } from "../filters/filter-spec";
import type { ConnectionState, Counts, StatusSnapshot } from "../protocol/protocol";

export type EmptyState =
  | { readonly type: "none" }
  | { readonly type: "connecting" }
  /** `why`: the reasons in full, as the gateway and the worker give them. */
  | { readonly type: "no-agent"; readonly why: string; readonly gatewayDown: boolean }
  | { readonly type: "waiting" }
  | { readonly type: "no-match" }
  | { readonly type: "cleared" };

export interface EmptyStateInput {
  readonly state: ConnectionState;
  readonly status: StatusSnapshot;
  readonly counts: Counts;
  readonly rowCount: number;
  readonly filters: FilterSpec;
  /** The worker has applied the newest spec (not still filtering). */
  readonly current: boolean;
}

export function hasFilters(filters: FilterSpec): boolean {
  return FILTER_FIELDS.some((f) => filters[f].trim() !== "");
}

export function emptyStateOf(input: EmptyStateInput): EmptyState {
  const { state, status, counts } = input;
  if (input.rowCount > 0 || !input.current) return { type: "none" };
  if (counts.size > 0)
    return hasFilters(input.filters) ? { type: "no-match" } : { type: "cleared" };
  const summary = connectionSummary(state, status, 0);
  if (summary.tone === "live") {
    return hasFilters(input.filters) && counts.received > 0
      ? { type: "no-match" }
      : { type: "waiting" };
  }
  if (summary.tone === "warning" || summary.tone === "error") {
    return { type: "no-agent", why: summary.detail, gatewayDown: state.phase !== "live" };
  }
  return { type: "connecting" };
}
