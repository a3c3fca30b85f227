/**
 * The parts every event type may carry (process, parent, ancestors, hook, policy, args...),
 * pulled out of the `event` oneof with one exhaustive switch, so the row mapper, the summary
 * and the detail pane never repeat the per-type field access. Missing parts are undefined/"".
 *
 * `rowParts` reads a SlimEvent (what a table row needs; the fast partial decoder fills
 * exactly that); `eventParts` adds what only the detail pane shows, from a full message.
 */
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import type { KprobeArgument, Process } from "../gen/tetragon/tetragon_pb.js";
import { KprobeActionSchema } from "../gen/tetragon/tetragon_pb.js";
import { assertNever } from "../lib/assert-never.js";
import type { EventKind } from "../model/event-kind.js";
import { shortEnumName } from "./enum-names.js";
import type { SlimEvent, SlimParent, SlimProcess } from "./slim-event.js";

export interface RowParts<P extends SlimProcess = SlimProcess, Q extends SlimParent = SlimParent> {
  readonly kind: EventKind;
  readonly process: P | undefined;
  readonly parent: Q | undefined;
  readonly policy: string;
  /** kprobe/lsm function, "subsys/event" for a tracepoint, uprobe symbol, usdt provider:name. */
  readonly functionName: string;
  /** "POST", "SIGKILL"...; "" when the event type has no action or it is unset (0). */
  readonly action: string;
  readonly returnArg: KprobeArgument | undefined;
}

export interface EventParts extends RowParts<Process, Process> {
  readonly ancestors: readonly Process[];
  readonly args: readonly KprobeArgument[];
  readonly data: readonly KprobeArgument[];
  readonly message: string;
  readonly tags: readonly string[];
}

const NONE: readonly never[] = [];

function actionName(n: number): string {
  return n === 0 ? "" : shortEnumName(KprobeActionSchema, n);
}

function base(kind: EventKind): RowParts<never, never> {
  return {
    kind,
    process: undefined,
    parent: undefined,
    policy: "",
    functionName: "",
    action: "",
    returnArg: undefined,
  };
}

export function rowParts<E extends SlimEvent>(res: E): RowParts<ProcessOf<E>, ParentOf<E>>;
export function rowParts(res: SlimEvent): RowParts {
  const ev = res.event;
  switch (ev.case) {
    case "processExec": {
      const v = ev.value;
      return { ...base("exec"), process: v.process, parent: v.parent };
    }
    case "processExit": {
      const v = ev.value;
      return { ...base("exit"), process: v.process, parent: v.parent };
    }
    case "processKprobe": {
      const v = ev.value;
      return {
        ...base("kprobe"),
        process: v.process,
        parent: v.parent,
        policy: v.policyName,
        functionName: v.functionName,
        action: actionName(v.action),
        returnArg: v.return,
      };
    }
    case "processTracepoint": {
      const v = ev.value;
      return {
        ...base("tracepoint"),
        process: v.process,
        parent: v.parent,
        policy: v.policyName,
        functionName: v.subsys === "" && v.event === "" ? "" : `${v.subsys}/${v.event}`,
        action: actionName(v.action),
      };
    }
    case "processUprobe": {
      const v = ev.value;
      return {
        ...base("uprobe"),
        process: v.process,
        parent: v.parent,
        policy: v.policyName,
        functionName: v.symbol,
        action: actionName(v.action),
      };
    }
    case "processUsdt": {
      const v = ev.value;
      return {
        ...base("usdt"),
        process: v.process,
        parent: v.parent,
        policy: v.policyName,
        functionName: v.provider === "" && v.name === "" ? "" : `${v.provider}:${v.name}`,
        action: actionName(v.action),
      };
    }
    case "processLsm": {
      const v = ev.value;
      return {
        ...base("lsm"),
        process: v.process,
        parent: v.parent,
        policy: v.policyName,
        functionName: v.functionName,
        action: actionName(v.action),
      };
    }
    case "processLoader": {
      const v = ev.value;
      return { ...base("loader"), process: v.process, parent: v.parent };
    }
    case "processThrottle":
      return base("throttle");
    case "rateLimitInfo":
      return base("rate_limit_info");
    case "test":
      return base("test");
    case undefined:
      return base("unknown");
    default:
      return assertNever(ev, "GetEventsResponse event case");
  }
}

/** A full message's process and parent are Processes; a slim one's are slim. */
type ProcessOf<E extends SlimEvent> = E extends GetEventsResponse ? Process : SlimProcess;
type ParentOf<E extends SlimEvent> = E extends GetEventsResponse ? Process : SlimParent;

/** Every part, for the detail pane (hook messages share these field names). */
export function eventParts(res: GetEventsResponse): EventParts {
  const v = res.event.value;
  return {
    ...rowParts(res),
    ancestors: v !== undefined && "ancestors" in v ? v.ancestors : NONE,
    args: v !== undefined && "args" in v ? v.args : NONE,
    data: v !== undefined && "data" in v ? v.data : NONE,
    message: v !== undefined && "message" in v ? v.message : "",
    tags: v !== undefined && "tags" in v ? v.tags : NONE,
  };
}
