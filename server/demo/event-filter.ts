/*
 * Tetragon's GetEvents allow/deny semantics, compiled once per request: an event passes
 * when it matches any allow filter (or there is none) and no deny filter. Within one
 * Filter every set field must match (AND); within one field any listed value may (OR).
 * Regexes use RE2 (re2js), matched unanchored like Go's regexp.MatchString. A malformed
 * regex or label selector rejects the whole request with InvalidArgument, as the agent does.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { RE2JS } from "re2js";
import {
  EventType,
  type Filter,
  type GetEventsResponse,
} from "../../src/gen/tetragon/events_pb.js";
import type { Process } from "../../src/gen/tetragon/tetragon_pb.js";
import { LabelSelectorError, parseLabelSelector } from "../../src/tetra/label-selector.js";

export type EventPredicate = (event: GetEventsResponse) => boolean;

type Case = NonNullable<GetEventsResponse["event"]["case"]>;

/** EventType numbers are the field numbers of the `event` oneof. */
const EVENT_TYPE: Record<Case, EventType> = {
  processExec: EventType.PROCESS_EXEC,
  processExit: EventType.PROCESS_EXIT,
  processKprobe: EventType.PROCESS_KPROBE,
  processTracepoint: EventType.PROCESS_TRACEPOINT,
  processLoader: EventType.PROCESS_LOADER,
  processUprobe: EventType.PROCESS_UPROBE,
  processThrottle: EventType.PROCESS_THROTTLE,
  processLsm: EventType.PROCESS_LSM,
  processUsdt: EventType.PROCESS_USDT,
  test: EventType.TEST,
  rateLimitInfo: EventType.RATE_LIMIT_INFO,
};

export function eventTypeOf(event: GetEventsResponse): EventType {
  return event.event.case === undefined ? EventType.UNDEF : EVENT_TYPE[event.event.case];
}

export function processOfEvent(event: GetEventsResponse): Process | undefined {
  const e = event.event;
  switch (e.case) {
    case "processThrottle":
    case "test":
    case "rateLimitInfo":
    case undefined:
      return undefined;
    default:
      return e.value.process;
  }
}

export function parentOfEvent(event: GetEventsResponse): Process | undefined {
  const e = event.event;
  switch (e.case) {
    case "processExec":
    case "processExit":
    case "processKprobe":
    case "processTracepoint":
    case "processUprobe":
    case "processLsm":
    case "processUsdt":
      return e.value.parent;
    default:
      return undefined;
  }
}

function policyNameOf(event: GetEventsResponse): string {
  const e = event.event;
  switch (e.case) {
    case "processKprobe":
    case "processTracepoint":
    case "processUprobe":
    case "processLsm":
    case "processUsdt":
      return e.value.policyName;
    default:
      return "";
  }
}

function regexes(field: string, patterns: readonly string[]): RE2JS[] {
  return patterns.map((p) => {
    try {
      return RE2JS.compile(p);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new ConnectError(`invalid ${field} "${p}": ${why}`, Code.InvalidArgument);
    }
  });
}

/** A predicate on a string taken from the event; undefined source never matches. */
function anyRegex(
  field: string,
  patterns: readonly string[],
  get: (e: GetEventsResponse) => string | undefined,
): EventPredicate {
  const res = regexes(field, patterns);
  return (e) => {
    const s = get(e);
    return s !== undefined && res.some((re) => re.test(s));
  };
}

function unsupported(field: string): never {
  throw new ConnectError(`the demo agent does not support the ${field} filter`, Code.Unimplemented);
}

/** The AND of every field set in `f`. */
export function compileFilter(f: Filter): EventPredicate {
  const parts: EventPredicate[] = [];
  if (f.celExpression.length > 0) unsupported("cel_expression");
  if (f.capabilities) unsupported("capabilities");
  if (f.pidSet.length > 0) unsupported("pid_set");
  if (f.binaryRegex.length > 0) {
    parts.push(anyRegex("binary_regex", f.binaryRegex, (e) => processOfEvent(e)?.binary));
  }
  if (f.parentBinaryRegex.length > 0) {
    parts.push(
      anyRegex("parent_binary_regex", f.parentBinaryRegex, (e) => parentOfEvent(e)?.binary),
    );
  }
  if (f.argumentsRegex.length > 0) {
    parts.push(anyRegex("arguments_regex", f.argumentsRegex, (e) => processOfEvent(e)?.arguments));
  }
  if (f.parentArgumentsRegex.length > 0) {
    parts.push(
      anyRegex(
        "parent_arguments_regex",
        f.parentArgumentsRegex,
        (e) => parentOfEvent(e)?.arguments,
      ),
    );
  }
  if (f.podRegex.length > 0) {
    parts.push(anyRegex("pod_regex", f.podRegex, (e) => processOfEvent(e)?.pod?.name));
  }
  if (f.namespaceRegex.length > 0) {
    parts.push(
      anyRegex("namespace_regex", f.namespaceRegex, (e) => processOfEvent(e)?.pod?.namespace),
    );
  }
  if (f.containerNameRegex.length > 0) {
    parts.push(
      anyRegex(
        "container_name_regex",
        f.containerNameRegex,
        (e) => processOfEvent(e)?.pod?.container?.name,
      ),
    );
  }
  // Tetragon matches container_id as a regex against process.docker (so a prefix works).
  if (f.containerId.length > 0) {
    parts.push(anyRegex("container_id", f.containerId, (e) => processOfEvent(e)?.docker));
  }
  if (f.ancestorBinaryRegex.length > 0) {
    const res = regexes("ancestor_binary_regex", f.ancestorBinaryRegex);
    parts.push((e) => {
      const e2 = e.event;
      const chain = [
        parentOfEvent(e),
        ...("value" in e2 && e2.value && "ancestors" in e2.value ? e2.value.ancestors : []),
      ];
      return chain.some((p) => p !== undefined && res.some((re) => re.test(p.binary)));
    });
  }
  if (f.namespace.length > 0) {
    const wanted = new Set(f.namespace);
    // A process without a pod runs on the host: it matches the namespace "".
    parts.push((e) => {
      const p = processOfEvent(e);
      return p !== undefined && wanted.has(p.pod?.namespace ?? "");
    });
  }
  if (f.eventSet.length > 0) {
    const wanted = new Set(f.eventSet);
    parts.push((e) => wanted.has(eventTypeOf(e)));
  }
  if (f.pid.length > 0) {
    const wanted = new Set(f.pid);
    parts.push((e) => {
      const pid = processOfEvent(e)?.pid;
      return pid !== undefined && wanted.has(pid);
    });
  }
  if (f.policyNames.length > 0) {
    const wanted = new Set(f.policyNames);
    parts.push((e) => {
      const name = policyNameOf(e);
      return name !== "" && wanted.has(name);
    });
  }
  if (f.labels.length > 0) {
    const selectors = f.labels.map((s) => {
      try {
        return parseLabelSelector(s);
      } catch (err) {
        if (!(err instanceof LabelSelectorError)) throw err;
        throw new ConnectError(
          `invalid pod label filter "${s}": ${err.message}`,
          Code.InvalidArgument,
        );
      }
    });
    // Like the agent: events without a pod never match a label filter.
    parts.push((e) => {
      const pod = processOfEvent(e)?.pod;
      return pod !== undefined && selectors.some((sel) => sel(pod.podLabels));
    });
  }
  if (f.inInitTree !== undefined) {
    const want = f.inInitTree;
    parts.push((e) => (processOfEvent(e)?.inInitTree ?? false) === want);
  }
  return (e) => parts.every((p) => p(e));
}

/** allow (any, or none given) AND NOT deny (any). Throws ConnectError on a bad filter. */
export function compileEventFilter(request: {
  allowList: readonly Filter[];
  denyList: readonly Filter[];
}): EventPredicate {
  const allow = request.allowList.map(compileFilter);
  const deny = request.denyList.map(compileFilter);
  if (allow.length === 0 && deny.length === 0) return () => true;
  return (e) => (allow.length === 0 || allow.some((f) => f(e))) && !deny.some((f) => f(e));
}
