/**
 * The one command line the gateway ever runs in a pod, and how a browser's GetEventsRequest
 * becomes its flags.
 *
 * `tetra getevents -o json` in container `tetragon` prints what the agent's GetEvents
 * streams, one protobuf-JSON event per line; it finds the agent's socket by itself. It is
 * read-only: it calls GetEvents and nothing else. Nothing from a browser is ever executed:
 * filter values only ever become the *values* of the flags below, each its own argv element
 * (no shell is involved: exec takes an argv list).
 *
 * The flags, from cilium/tetragon cmd/tetra/getevents/getevents.go (`tetra getevents --help`):
 *
 *   -o, --output string            Output format. json or compact (default "json")
 *   -e, --event-types strings      Include only events of given types
 *   -f, --include-fields strings   Include only fields in events
 *   -F, --exclude-fields strings   Exclude fields from events
 *   -n, --namespaces strings       Get events by Kubernetes namespaces
 *       --processes strings        Get events by processes name regex
 *       --pods strings             Get events by pods name regex
 *       --host                     Get host events (= namespace "")
 *   (deprecated: --namespace, --process, --pod; display only: --color, --timestamps, -t)
 *
 * and the request it sends: ONE allow-list Filter {binary_regex: --processes, namespace:
 * --namespaces, pod_regex: --pods, event_set: --event-types}, no deny list, and at most one
 * INCLUDE and one EXCLUDE FieldFilter (event_set empty) from -f/-F. Everything else a
 * GetEventsRequest can say has no flag, so such a request is refused for exec agents
 * (`unsupported` names each field) rather than silently widened. Each string-slice flag value
 * is read as one CSV record (pflag), so every value is CSV-quoted: a regex with a comma stays
 * one regex.
 */
import {
  EventType,
  FieldFilterAction,
  type Filter,
  type GetEventsRequest,
} from "../../src/gen/tetragon/events_pb.js";

/** The allow-listed command line (argv), before the filter flags. */
export const tetraGetEventsCommand: readonly string[] = Object.freeze([
  "tetra",
  "getevents",
  "-o",
  "json",
]);

/** The container the command runs in (Tetragon's Helm chart names it so). */
export const tetraContainer = "tetragon";

export type TetraArgs = { ok: true; args: string[] } | { ok: false; unsupported: string[] };

type FilterField = Exclude<keyof Filter, "$typeName" | "$unknown">;

/**
 * Every field of tetragon.Filter: the tetra flag that sends exactly that field, or its proto
 * name when no flag sets it. A field added to the proto fails the typecheck here until mapped.
 */
const filterFields: {
  [K in FilterField]: { flag: string } | { eventTypes: true } | { unsupported: string };
} = {
  binaryRegex: { flag: "--processes" },
  namespace: { flag: "--namespaces" },
  podRegex: { flag: "--pods" },
  eventSet: { eventTypes: true },
  healthCheck: { unsupported: "health_check" },
  pid: { unsupported: "pid" },
  pidSet: { unsupported: "pid_set" },
  argumentsRegex: { unsupported: "arguments_regex" },
  labels: { unsupported: "labels" },
  policyNames: { unsupported: "policy_names" },
  capabilities: { unsupported: "capabilities" },
  parentBinaryRegex: { unsupported: "parent_binary_regex" },
  celExpression: { unsupported: "cel_expression" },
  parentArgumentsRegex: { unsupported: "parent_arguments_regex" },
  containerId: { unsupported: "container_id" },
  inInitTree: { unsupported: "in_init_tree" },
  ancestorBinaryRegex: { unsupported: "ancestor_binary_regex" },
  containerNameRegex: { unsupported: "container_name_regex" },
  namespaceRegex: { unsupported: "namespace_regex" },
};

/** pflag reads each value as one CSV record: quote it so commas, quotes and newlines stay. */
export function csvQuote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

function isSet(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null;
}

function filterArgs(filter: Filter, where: string, unsupported: string[]): string[] {
  const args: string[] = [];
  for (const [field, mapping] of Object.entries(filterFields) as [
    FilterField,
    (typeof filterFields)[FilterField],
  ][]) {
    const value = filter[field];
    if (!isSet(value)) continue;
    if ("unsupported" in mapping) unsupported.push(`${where}.${mapping.unsupported}`);
    else if ("flag" in mapping) {
      for (const v of value as string[]) args.push(`${mapping.flag}=${csvQuote(v)}`);
    } else {
      for (const type of filter.eventSet) {
        const name = EventType[type] as string | undefined;
        if (name === undefined || type === EventType.UNDEF)
          unsupported.push(`${where}.event_set=${String(type)}`);
        else args.push(`--event-types=${name}`);
      }
    }
  }
  return args;
}

/** The flags for `request`, or every field `tetra getevents` cannot express. */
export function requestToTetraArgs(request: GetEventsRequest): TetraArgs {
  const unsupported: string[] = [];
  const args: string[] = [];
  if (request.allowList.length > 1) {
    unsupported.push(`allow_list (${String(request.allowList.length)} filters; tetra sends one)`);
  }
  const [allow] = request.allowList;
  if (allow !== undefined) args.push(...filterArgs(allow, "allow_list", unsupported));
  if (request.denyList.length > 0) unsupported.push("deny_list");
  if (request.aggregationOptions !== undefined) unsupported.push("aggregation_options");
  let include = 0;
  let exclude = 0;
  for (const f of request.fieldFilters) {
    const paths = f.fields?.paths ?? [];
    const plain = f.eventSet.length === 0 && f.invertEventSet === undefined && paths.length > 0;
    if (plain && f.action === FieldFilterAction.INCLUDE && include++ === 0) {
      args.push(`--include-fields=${paths.map(csvQuote).join(",")}`);
    } else if (plain && f.action === FieldFilterAction.EXCLUDE && exclude++ === 0) {
      args.push(`--exclude-fields=${paths.map(csvQuote).join(",")}`);
    } else {
      unsupported.push("field_filters (only one include and one exclude list for all event types)");
    }
  }
  return unsupported.length > 0
    ? { ok: false, unsupported: [...new Set(unsupported)] }
    : { ok: true, args };
}

/** The full argv for `request` (the constant command line plus its filter flags). */
export function tetraCommandFor(request: GetEventsRequest): TetraArgs {
  const mapped = requestToTetraArgs(request);
  return mapped.ok ? { ok: true, args: [...tetraGetEventsCommand, ...mapped.args] } : mapped;
}
