/**
 * The agent filter's URL param (`af`) decoded and encoded: "1." + base64url of the
 * GetEventsRequest's protobuf binary. Loads protobuf (src/tetra), so the page's initial
 * bundle never imports this module: the page moves the raw value (url.ts) and the ingest
 * worker decodes it; this is for the lazily loaded parts and tests.
 */
import type { AgentFilterLists } from "../tetra/agent-filter.js";
import { NO_AGENT_FILTER } from "../tetra/agent-filter.js";
import type { AgentFilterIssue } from "../tetra/agent-filter-draft.js";
import { validateAgentFilter } from "../tetra/agent-filter-draft.js";
import { decodeAgentFilterParam, encodeAgentFilterParam } from "../tetra/agent-filter-request.js";
import { AGENT_FILTER_PARAM, agentFilterParamUrl } from "./url.js";

export interface UrlAgentFilter {
  /** The lists in the URL; NO_AGENT_FILTER when absent or unreadable. */
  readonly lists: AgentFilterLists;
  /** Why the param could not be read, or what the agent would refuse in it (never sent). */
  readonly problems: readonly (string | AgentFilterIssue)[];
}

/** The agent filter in `search`. Never throws: a hostile or stale link yields problems. */
export function readAgentFilter(search: string): UrlAgentFilter {
  const raw =
    new URLSearchParams(search.startsWith("?") ? search.slice(1) : search).get(
      AGENT_FILTER_PARAM,
    ) ?? "";
  const decoded = decodeAgentFilterParam(raw);
  if (!decoded.ok) return { lists: NO_AGENT_FILTER, problems: [decoded.error] };
  return { lists: decoded.lists, problems: validateAgentFilter(decoded.lists) };
}

/** Path + query + hash with the agent filter set to `lists` (other params kept). */
export function agentFilterUrl(
  lists: AgentFilterLists,
  location: { readonly pathname: string; readonly search: string; readonly hash: string },
): string {
  return agentFilterParamUrl(encodeAgentFilterParam(lists), location);
}
