/**
 * The one table of `tetra getevents` filter flags, and how an agent filter (or a whole
 * GetEventsRequest) becomes them. The page uses it for "Copy as tetra command"; the gateway
 * uses it for `--kube` exec agents (server/kube/tetra-command.ts: the same argv, one
 * `--flag=value` element per value, no shell involved).
 *
 * Source: cilium/tetragon cmd/tetra/getevents/getevents.go (the newest version in the search
 * index, commit 874b28ca; `tetra getevents --help` prints these). The flags that put
 * something in the GetEventsRequest:
 *
 *   -e, --event-types strings      Include only events of given types        -> event_set
 *   -n, --namespace strings        Get events by Kubernetes namespace        -> namespace
 *       --pod strings              Get events by pod name regex              -> pod_regex
 *       --process strings          Get events by process name regex          -> binary_regex
 *       --host                     Get host events                           -> namespace ""
 *       --policy-names strings     Get events by tracing policy names        -> policy_names
 *       --cel-expression strings   Get events satisfying the CEL expression  -> cel_expression
 *   -f, --include-fields strings   Include only fields in events             -> field_filters
 *   -F, --exclude-fields strings   Exclude fields from events                -> field_filters
 *
 * Hidden aliases there (and the primary names in older tetra, e.g. commit 01b4fbc, where the
 * ones above were deprecated aliases, so both spellings work on both): --namespaces, --pods,
 * --processes. --policy-names and --cel-expression exist only in the newer tetra (an older
 * one exits with "unknown flag"). Output-only flags: -o/--output, --color, --timestamps,
 * -t/--tty-encode, --stack-traces, --ima-hash, --reconnect, --reconnect-wait.
 *
 * What tetra sends: GetEventsRequest{allow_list: [ONE Filter with the fields above],
 * field_filters: [at most one INCLUDE (-f) and one EXCLUDE (-F), for all event types]}. No
 * deny list, no second allow filter, no aggregation options, and no flag for the other 13
 * Filter fields, so those are reported as unsupported instead of being silently dropped.
 * --event-types takes only names tetra knows (EventType names, UNDEF included), so a number
 * outside the enum is unsupported too. --host appends "" to the namespaces: the same set,
 * the empty namespace last (the agent compares the set).
 *
 * pflag reads each string-slice value as one CSV record, so a value with a comma, a double
 * quote or a line break, and the empty value (no record at all when bare), is CSV-quoted to
 * stay exactly one value.
 */
import { toBinary } from "@bufbuild/protobuf";
import {
  EventType,
  FieldFilterAction,
  type GetEventsRequest,
  GetEventsRequestSchema,
} from "../gen/tetragon/events_pb.js";
import type { AgentFilter, AgentFilterKey, AgentFilterLists } from "./agent-filter.js";
import { compactFilter } from "./agent-filter.js";
import { fromGetEventsRequest } from "./agent-filter-request.js";

export type TetraFlagMapping =
  | { readonly flag: string; readonly short?: string; readonly aliases: readonly string[] }
  | { readonly flag: undefined; readonly proto: string };

/** Every field of the agent filter: its tetra flag, or its proto name when no flag sets it. */
export const TETRA_FILTER_FLAGS: Readonly<Record<AgentFilterKey, TetraFlagMapping>> = {
  eventSet: { flag: "--event-types", short: "-e", aliases: [] },
  namespace: { flag: "--namespace", short: "-n", aliases: ["--namespaces"] },
  podRegex: { flag: "--pod", aliases: ["--pods"] },
  binaryRegex: { flag: "--process", aliases: ["--processes"] },
  policyNames: { flag: "--policy-names", aliases: [] },
  celExpression: { flag: "--cel-expression", aliases: [] },
  healthCheck: { flag: undefined, proto: "health_check" },
  pid: { flag: undefined, proto: "pid" },
  pidSet: { flag: undefined, proto: "pid_set" },
  argumentsRegex: { flag: undefined, proto: "arguments_regex" },
  labels: { flag: undefined, proto: "labels" },
  capabilities: { flag: undefined, proto: "capabilities" },
  parentBinaryRegex: { flag: undefined, proto: "parent_binary_regex" },
  parentArgumentsRegex: { flag: undefined, proto: "parent_arguments_regex" },
  containerId: { flag: undefined, proto: "container_id" },
  inInitTree: { flag: undefined, proto: "in_init_tree" },
  ancestorBinaryRegex: { flag: undefined, proto: "ancestor_binary_regex" },
  containerNameRegex: { flag: undefined, proto: "container_name_regex" },
  namespaceRegex: { flag: undefined, proto: "namespace_regex" },
};

export const TETRA_HOST_FLAG = "--host";

/** The field-filter flags: one path list each, for every event type. */
export const TETRA_FIELD_FILTER_FLAGS: Readonly<Record<FieldFilterAction, string>> = {
  [FieldFilterAction.INCLUDE]: "--include-fields",
  [FieldFilterAction.EXCLUDE]: "--exclude-fields",
};

/** One CSV record holding exactly `value` (pflag's reading of a string-slice value). */
export function csvValue(value: string): string {
  return value === "" || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A name `--event-types` takes: an EventType name (the view keeps unknown numbers). */
function isEventTypeName(value: unknown): value is string {
  return (
    typeof value === "string" && typeof EventType[value as keyof typeof EventType] === "number"
  );
}

export interface TetraArgs {
  /** Flag arguments, one `--flag=value` per value, in table order. */
  readonly args: readonly string[];
  /** What has no flag ("deny_list", "allow_list[0].labels", …); empty when equivalent. */
  readonly unsupported: readonly string[];
}

/** The flags for one filter (tetra's single allow filter). */
export function filterToTetraArgs(filter: AgentFilter, where = "allow_list[0]"): TetraArgs {
  const args: string[] = [];
  const unsupported: string[] = [];
  const compact = compactFilter(filter);
  for (const [key, mapping] of Object.entries(TETRA_FILTER_FLAGS) as [
    AgentFilterKey,
    TetraFlagMapping,
  ][]) {
    const value = compact[key];
    if (value === undefined) continue;
    if (mapping.flag === undefined) {
      unsupported.push(`${where}.${mapping.proto}`);
      continue;
    }
    for (const v of value as readonly unknown[]) {
      if (key === "eventSet" && !isEventTypeName(v)) {
        unsupported.push(`${where}.event_set=${String(v)} (not an event type tetra names)`);
      } else if (typeof v !== "string") {
        unsupported.push(`${where}.${key}`); // not reached: the other flag fields are strings
      } else if (key === "namespace" && v === "") {
        if (!args.includes(TETRA_HOST_FLAG)) args.push(TETRA_HOST_FLAG);
      } else {
        args.push(`${mapping.flag}=${csvValue(v)}`);
      }
    }
  }
  return { args, unsupported };
}

/** The flags for the agent filter, and every part of it that `tetra getevents` cannot say. */
export function agentFilterToTetraArgs(lists: AgentFilterLists): TetraArgs {
  const [first, ...rest] = lists.allow;
  const mapped = first === undefined ? { args: [], unsupported: [] } : filterToTetraArgs(first);
  const unsupported = [...mapped.unsupported];
  if (rest.length > 0) {
    unsupported.push(
      `allow_list[1..${String(rest.length)}] (tetra sends one allow filter; these are OR-ed alternatives)`,
    );
  }
  if (lists.deny.length > 0) unsupported.push("deny_list (tetra getevents has no deny flags)");
  return { args: mapped.args, unsupported };
}

/**
 * The flags for a whole GetEventsRequest (what the gateway runs for an exec agent), and
 * every part of it that `tetra getevents` cannot say. Empty `unsupported`: tetra sends
 * exactly this request (up to the order of namespaces, see the module comment).
 */
export function requestToTetraArgs(request: GetEventsRequest): TetraArgs {
  const mapped = agentFilterToTetraArgs(fromGetEventsRequest(request));
  const args = [...mapped.args];
  const unsupported = [...mapped.unsupported];
  // The view drops an empty CapFilter; on the wire it is still set, and tetra cannot set it.
  if (request.allowList[0]?.capabilities !== undefined) {
    unsupported.push("allow_list[0].capabilities");
  }
  if (request.aggregationOptions !== undefined) unsupported.push("aggregation_options");
  const used = new Set<FieldFilterAction>();
  for (const f of request.fieldFilters) {
    const paths = f.fields?.paths ?? [];
    const flag = TETRA_FIELD_FILTER_FLAGS[f.action] as string | undefined;
    const plain = f.eventSet.length === 0 && f.invertEventSet === undefined && paths.length > 0;
    if (plain && flag !== undefined && !used.has(f.action)) {
      used.add(f.action);
      args.push(`${flag}=${paths.map(csvValue).join(",")}`);
    } else {
      unsupported.push(
        "field_filters (tetra sends at most one include and one exclude path list, for all event types)",
      );
    }
  }
  // Fields a newer client set that this schema does not know would be dropped, not sent.
  if (
    toBinary(GetEventsRequestSchema, request).byteLength !==
    toBinary(GetEventsRequestSchema, request, { writeUnknownFields: false }).byteLength
  ) {
    unsupported.push("fields this gateway's schema does not know");
  }
  return { args, unsupported: [...new Set(unsupported)] };
}
