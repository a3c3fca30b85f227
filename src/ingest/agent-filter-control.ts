/**
 * The agent filter in force, owned by the ingest worker: the GetEventsRequest its ONE stream
 * sends (so ONE agent filter for every tab of the gateway), and the state every tab shows.
 *
 * Data flow: a tab's Apply (lists) or a tab's URL at start (`af` param) -> validate with the
 * agent's rules (src/tetra: RE2, label selectors, CEL compiled; the page validated already,
 * this is the gate nothing unchecked passes) -> the request bytes the hub's stream sends on
 * its next (re)start, and a new state the hub sends to every tab. Policy when tabs disagree:
 * the last valid filter applied, from any tab, wins for all tabs (one stream cannot carry
 * two); every tab shows it and writes it to its URL. A refused filter changes nothing.
 */
import { toBinary } from "@bufbuild/protobuf";
import { GetEventsRequestSchema } from "../gen/tetragon/events_pb.js";
import type { AgentFilterState } from "../protocol/protocol.js";
import type { AgentFilterLists } from "../tetra/agent-filter.js";
import { NO_AGENT_FILTER, sameAgentFilter } from "../tetra/agent-filter.js";
import { describeIssue, validateAgentFilter } from "../tetra/agent-filter-draft.js";
import {
  decodeAgentFilterParam,
  encodeAgentFilterParam,
  toGetEventsRequest,
} from "../tetra/agent-filter-request.js";
import { summarizeAgentFilter } from "../tetra/agent-filter-summary.js";

/** What a request to change the filter did. */
export type AgentFilterChange =
  | { readonly type: "changed"; readonly summary: string }
  | { readonly type: "same" }
  | { readonly type: "refused"; readonly error: string };

export class AgentFilterControl {
  private current: AgentFilterState = { lists: NO_AGENT_FILTER, param: "", error: "", version: 0 };
  private bytes: Uint8Array = new Uint8Array(0);

  get state(): AgentFilterState {
    return this.current;
  }

  /** The encoded GetEventsRequest for the stream (empty bytes: no filter). */
  get requestBytes(): Uint8Array {
    return this.bytes;
  }

  /** Applies `lists` when the agent would take them (see the class comment). */
  apply(lists: AgentFilterLists): AgentFilterChange {
    const [issue] = validateAgentFilter(lists);
    if (issue !== undefined) {
      return { type: "refused", error: `agent filter not applied: ${describeIssue(issue)}` };
    }
    if (sameAgentFilter(lists, this.current.lists)) return { type: "same" };
    let bytes: Uint8Array;
    try {
      bytes = toBinary(GetEventsRequestSchema, toGetEventsRequest(lists));
    } catch (err) {
      return {
        type: "refused",
        error: `agent filter not applied: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
    this.bytes = bytes;
    this.current = {
      lists,
      param: encodeAgentFilterParam(lists),
      error: "",
      version: this.current.version + 1,
    };
    return { type: "changed", summary: summarizeAgentFilter(lists) ?? "" };
  }

  /** Applies the filter of a URL `af` value (hostile input expected: never throws). */
  applyParam(param: string): AgentFilterChange {
    const decoded = decodeAgentFilterParam(param);
    if (!decoded.ok) return { type: "refused", error: decoded.error };
    return this.apply(decoded.lists);
  }
}
