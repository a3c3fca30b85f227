/**
 * The parts every event type may carry (process, parent, ancestors, hook, policy, args...),
 * pulled out of the `event` oneof with one exhaustive switch, so the row mapper, the summary
 * and the detail pane never repeat the per-type field access. Missing parts are undefined/"".
 */
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import type { KprobeArgument, Process } from "../gen/tetragon/tetragon_pb.js";
import { KprobeActionSchema } from "../gen/tetragon/tetragon_pb.js";
import { assertNever } from "../lib/assert-never.js";
import { shortEnumName } from "./enum-names.js";
import type { EventKind } from "./event-row.js";

export interface EventParts {
  readonly kind: EventKind;
  readonly process: Process | undefined;
  readonly parent: Process | undefined;
  readonly ancestors: readonly Process[];
  readonly policy: string;
  /** kprobe/lsm function, "subsys/event" for a tracepoint, uprobe symbol, usdt provider:name. */
  readonly functionName: string;
  /** "POST", "SIGKILL"...; "" when the event type has no action or it is unset (0). */
  readonly action: string;
  readonly args: readonly KprobeArgument[];
  readonly data: readonly KprobeArgument[];
  readonly returnArg: KprobeArgument | undefined;
  readonly message: string;
  readonly tags: readonly string[];
}

const NONE: readonly never[] = [];

function actionName(n: number): string {
  return n === 0 ? "" : shortEnumName(KprobeActionSchema, n);
}

function base(kind: EventKind): EventParts {
  return {
    kind,
    process: undefined,
    parent: undefined,
    ancestors: NONE,
    policy: "",
    functionName: "",
    action: "",
    args: NONE,
    data: NONE,
    returnArg: undefined,
    message: "",
    tags: NONE,
  };
}

export function eventParts(res: GetEventsResponse): EventParts {
  const ev = res.event;
  switch (ev.case) {
    case "processExec": {
      const v = ev.value;
      return { ...base("exec"), process: v.process, parent: v.parent, ancestors: v.ancestors };
    }
    case "processExit": {
      const v = ev.value;
      return { ...base("exit"), process: v.process, parent: v.parent, ancestors: v.ancestors };
    }
    case "processKprobe": {
      const v = ev.value;
      return {
        ...base("kprobe"),
        process: v.process,
        parent: v.parent,
        ancestors: v.ancestors,
        policy: v.policyName,
        functionName: v.functionName,
        action: actionName(v.action),
        args: v.args,
        data: v.data,
        returnArg: v.return,
        message: v.message,
        tags: v.tags,
      };
    }
    case "processTracepoint": {
      const v = ev.value;
      return {
        ...base("tracepoint"),
        process: v.process,
        parent: v.parent,
        ancestors: v.ancestors,
        policy: v.policyName,
        functionName: v.subsys === "" && v.event === "" ? "" : `${v.subsys}/${v.event}`,
        action: actionName(v.action),
        args: v.args,
        message: v.message,
        tags: v.tags,
      };
    }
    case "processUprobe": {
      const v = ev.value;
      return {
        ...base("uprobe"),
        process: v.process,
        parent: v.parent,
        ancestors: v.ancestors,
        policy: v.policyName,
        functionName: v.symbol,
        action: actionName(v.action),
        args: v.args,
        data: v.data,
        message: v.message,
        tags: v.tags,
      };
    }
    case "processUsdt": {
      const v = ev.value;
      return {
        ...base("usdt"),
        process: v.process,
        parent: v.parent,
        ancestors: v.ancestors,
        policy: v.policyName,
        functionName: v.provider === "" && v.name === "" ? "" : `${v.provider}:${v.name}`,
        action: actionName(v.action),
        args: v.args,
        message: v.message,
        tags: v.tags,
      };
    }
    case "processLsm": {
      const v = ev.value;
      return {
        ...base("lsm"),
        process: v.process,
        parent: v.parent,
        ancestors: v.ancestors,
        policy: v.policyName,
        functionName: v.functionName,
        action: actionName(v.action),
        args: v.args,
        message: v.message,
        tags: v.tags,
      };
    }
    case "processLoader": {
      const v = ev.value;
      return { ...base("loader"), process: v.process, parent: v.parent, ancestors: v.ancestors };
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
