/**
 * AgentFilterLists <-> the GetEventsRequest sent to every agent, its JSON ("Copy as
 * GetEventsRequest JSON") and its compact URL form. The view type is the Filter's canonical
 * JSON, so both directions go through protobuf-es's JSON reader and writer and cannot drift
 * from the schema: a field the schema lacks is refused on the way in, an enum name it lacks
 * too.
 */
import { fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";
import type { JsonObject } from "@bufbuild/protobuf";
import { base64Decode, base64Encode } from "@bufbuild/protobuf/wire";
import type { GetEventsRequest } from "../gen/tetragon/events_pb.js";
import { GetEventsRequestSchema } from "../gen/tetragon/events_pb.js";
import type { AgentFilter, AgentFilterLists } from "./agent-filter.js";
import { compactFilter } from "./agent-filter.js";
import { MAX_AGENT_FILTER_PARAM } from "./request-limits.js";

export { MAX_AGENT_FILTER_PARAM };

function requestJson(lists: AgentFilterLists): JsonObject {
  return {
    allowList: lists.allow.map((f) => compactFilter(f) as JsonObject),
    denyList: lists.deny.map((f) => compactFilter(f) as JsonObject),
  };
}

/**
 * The request for `lists`. Throws (with protobuf-es's message) on a value the schema cannot
 * hold, such as an unknown event type name: validate with `validateAgentFilter` first.
 */
export function toGetEventsRequest(lists: AgentFilterLists): GetEventsRequest {
  return fromJson(GetEventsRequestSchema, requestJson(lists));
}

/**
 * The allow and deny lists of `request` (aggregation options and field filters are not part
 * of the agent filter and are dropped). An enum number this schema does not know stays a
 * number in the view, so validation names it.
 */
export function fromGetEventsRequest(request: GetEventsRequest): AgentFilterLists {
  const json = toJson(GetEventsRequestSchema, request) as {
    allowList?: AgentFilter[];
    denyList?: AgentFilter[];
  };
  return { allow: json.allowList ?? [], deny: json.denyList ?? [] };
}

/** "Copy as GetEventsRequest JSON": the canonical protobuf JSON, indented. */
export function agentFilterRequestJson(lists: AgentFilterLists): string {
  return JSON.stringify(toJson(GetEventsRequestSchema, toGetEventsRequest(lists)), null, 2);
}

const PARAM_VERSION = "1.";

/**
 * The URL form: "1." + base64url of the request's protobuf binary (half the length of its
 * JSON, and stable across schema additions). Empty lists encode as "".
 */
export function encodeAgentFilterParam(lists: AgentFilterLists): string {
  if (lists.allow.length === 0 && lists.deny.length === 0) return "";
  const bytes = toBinary(GetEventsRequestSchema, toGetEventsRequest(lists));
  return PARAM_VERSION + base64Encode(bytes, "url");
}

/** The lists in a URL value, or an error message (never throws; hostile input is expected). */
export function decodeAgentFilterParam(
  param: string,
): { ok: true; lists: AgentFilterLists } | { ok: false; error: string } {
  if (param === "") return { ok: true, lists: { allow: [], deny: [] } };
  if (param.length > MAX_AGENT_FILTER_PARAM) {
    return {
      ok: false,
      error: `agent filter in the URL is over ${String(MAX_AGENT_FILTER_PARAM)} characters`,
    };
  }
  if (!param.startsWith(PARAM_VERSION) || !/^[A-Za-z0-9_-]*$/.test(param.slice(2))) {
    return { ok: false, error: "agent filter in the URL is not in a form this version reads" };
  }
  try {
    const request = fromBinary(GetEventsRequestSchema, base64Decode(param.slice(2)));
    return { ok: true, lists: fromGetEventsRequest(request) };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `agent filter in the URL cannot be read: ${why}` };
  }
}
