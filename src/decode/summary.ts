/**
 * The one-line summary of an event in the spirit of `tetra getevents -o compact`
 * (cilium/tetragon pkg/encoder/encoder.go): "<icon> <label padded to 7> <ns/pod or node>
 * <binary> <details>". The row's `summary` is that line without the icon (the table shows the
 * icon separately); `compactLine` gives the full line. Differences from tetra, on purpose:
 * no colours; the 🛑 CAP_SYS_ADMIN trailer follows one space instead of padding to column
 * 120; events tetra rejects (missing process, rate_limit_info, unknown types) still get a
 * readable line instead of an error.
 */
import { ThrottleType } from "../gen/tetragon/events_pb.js";
import { CapabilitiesType } from "../gen/tetragon/capabilities_pb.js";
import type { KprobeArgument } from "../gen/tetragon/tetragon_pb.js";
import { assertNever } from "../lib/assert-never.js";
import { KIND_META } from "../model/event-kind.js";
import type { SlimEvent, SlimProcess } from "./slim-event.js";
import { kprobeCompact } from "./summary-kprobe.js";

export interface Compact {
  /** Per-event icon (tetra's, e.g. 📬 for an fd_install kprobe). */
  readonly icon: string;
  /** Per-event label ("open", "connect", "process"...). */
  readonly verb: string;
  /** The line without the icon. */
  readonly summary: string;
}

/** tetra's "ns/pod binary" part; the node name stands in for host processes. */
export function processInfo(node: string, p: SlimProcess | undefined): string {
  if (p === undefined) return `${node} (no process info)`.trim();
  const pod = p.pod;
  const source = pod !== undefined ? `${pod.namespace}/${pod.name}` : node;
  return `${source} ${p.binary}`;
}

function capsTrailer(p: SlimProcess | undefined): string {
  return p?.cap?.effective.includes(CapabilitiesType.CAP_SYS_ADMIN) === true
    ? " 🛑 CAP_SYS_ADMIN"
    : "";
}

/** tetra's words for the throttle types; other numbers print nothing. */
const THROTTLE_TYPES: Readonly<Partial<Record<number, string>>> = {
  [ThrottleType.THROTTLE_START]: "START",
  [ThrottleType.THROTTLE_STOP]: "STOP",
};

function line(verb: string, ...parts: string[]): string {
  return [verb.padEnd(7), ...parts.filter((s) => s !== "")].join(" ");
}

function hex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

function rawSyscall(args: readonly KprobeArgument[]): string {
  const a = args[0]?.arg;
  return a?.case === "longArg" ? `#${a.value}` : "unknown";
}

function withProcess(
  icon: string,
  verb: string,
  node: string,
  p: SlimProcess | undefined,
  ...rest: string[]
): Compact {
  return { icon, verb, summary: line(verb, processInfo(node, p), ...rest) + capsTrailer(p) };
}

export function compactOf(res: SlimEvent): Compact {
  const node = res.nodeName;
  const ev = res.event;
  switch (ev.case) {
    case "processExec": {
      const p = ev.value.process;
      return withProcess("🚀", "process", node, p, p?.arguments ?? "");
    }
    case "processExit": {
      const v = ev.value;
      const status = v.signal !== "" ? v.signal : String(v.status);
      return withProcess("💥", "exit", node, v.process, v.process?.arguments ?? "", status);
    }
    case "processKprobe": {
      const v = ev.value;
      const head = kprobeCompact(v.functionName, v.args);
      return withProcess(head.icon, head.verb, node, v.process, head.rest);
    }
    case "processTracepoint": {
      const v = ev.value;
      if (v.subsys === "raw_syscalls" && v.event === "sys_enter") {
        return withProcess("☎️", "syscall", node, v.process, rawSyscall(v.args));
      }
      return withProcess("⁉️", "tracepoint", node, v.process, v.subsys, v.event);
    }
    case "processUprobe": {
      const v = ev.value;
      return withProcess("🕵️", "uprobe", node, v.process, v.path, v.symbol);
    }
    case "processUsdt": {
      const v = ev.value;
      return withProcess("🕵️", "usdt", node, v.process, v.path, v.provider, v.name);
    }
    case "processLsm": {
      const v = ev.value;
      return withProcess("🔒", "LSM", node, v.process, v.functionName);
    }
    case "processLoader": {
      const v = ev.value;
      return withProcess("🧬", "loader", node, v.process, hex(v.buildid), v.path);
    }
    case "processThrottle": {
      const v = ev.value;
      return {
        icon: "🧬",
        verb: "throttle",
        summary: line("throttle", THROTTLE_TYPES[v.type] ?? "", v.cgroup),
      };
    }
    case "rateLimitInfo": {
      const n = ev.value.numberOfDroppedProcessEvents;
      const s = `rate limit: ${n} event${n === 1n ? "" : "s"} dropped`;
      return { icon: KIND_META.rate_limit_info.icon, verb: "rate limit", summary: s };
    }
    case "test":
      // tetra prints exactly this; the agent only sends Test events in its own unit tests.
      return { icon: KIND_META.test.icon, verb: "test", summary: "TEST EVENT" };
    case undefined:
      return {
        icon: KIND_META.unknown.icon,
        verb: "unknown",
        summary: "unknown event type (newer agent? see raw JSON)",
      };
    default:
      return assertNever(ev, "GetEventsResponse event case");
  }
}

/** The row's summary: tetra's compact line without the icon. */
export function summaryFor(res: SlimEvent): string {
  return compactOf(res).summary;
}

/** The full compact line, icon included, as `tetra getevents -o compact` prints it. */
export function compactLine(res: SlimEvent): string {
  const c = compactOf(res);
  return `${c.icon} ${c.summary}`;
}
