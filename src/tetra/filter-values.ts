/**
 * One value of one agent filter field, checked with the agent's own rules before it is sent:
 * RE2 syntax (re2js, a port of the Go regexp package the agent uses), Kubernetes label
 * selector syntax, CEL (parse, names, fields, bool result), EventType and capability names,
 * uint32 pids, and the gateway's string length cap. Each check returns the message for the
 * input, or undefined when the agent would take the value.
 */
import { RE2JS } from "re2js";
import { CapabilitiesTypeSchema } from "../gen/tetragon/capabilities_pb.js";
import { EventType, EventTypeSchema } from "../gen/tetragon/events_pb.js";
import { celAgentError } from "./cel.js";
import { LabelSelectorError, parseLabelSelector } from "./label-selector.js";
import { agentFilterLimits } from "./request-limits.js";

export type ValueKind = "re2" | "name" | "labels" | "cel" | "event" | "uint" | "cap";

/** EventType names a filter may carry (UNDEF matches nothing, so it is not offered). */
export const EVENT_TYPE_NAMES: readonly string[] = EventTypeSchema.values
  .filter((v) => v.number !== (EventType.UNDEF as number))
  .map((v) => v.name);

export const CAPABILITY_NAMES: readonly string[] = CapabilitiesTypeSchema.values.map((v) => v.name);

/** "exec", "process_exec", "PROCESS_EXEC" -> "PROCESS_EXEC"; undefined if no such type. */
export function eventTypeName(input: string): string | undefined {
  const upper = input.trim().toUpperCase();
  if (EVENT_TYPE_NAMES.includes(upper)) return upper;
  const prefixed = `PROCESS_${upper}`;
  return EVENT_TYPE_NAMES.includes(prefixed) ? prefixed : undefined;
}

/** "sys_admin", "CAP_SYS_ADMIN" -> "CAP_SYS_ADMIN"; undefined if no such capability. */
export function capabilityName(input: string): string | undefined {
  const upper = input.trim().toUpperCase();
  const name = upper.startsWith("CAP_") ? upper : `CAP_${upper}`;
  return CAPABILITY_NAMES.includes(name) ? name : undefined;
}

export function re2Error(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return msg.replace(/^error parsing regexp:\s*/, "invalid pattern: ");
  }
}

const MAX_UINT32 = 4_294_967_295;

export function valueError(kind: ValueKind, value: string | number): string | undefined {
  if (typeof value === "number") {
    return Number.isInteger(value) && value >= 0 && value <= MAX_UINT32
      ? undefined
      : `${String(value)} is not a process id (0 to ${String(MAX_UINT32)})`;
  }
  if (value.length > agentFilterLimits.maxStringLength) {
    return `${String(value.length)} characters; the gateway allows at most ${String(agentFilterLimits.maxStringLength)}`;
  }
  switch (kind) {
    case "re2":
      return re2Error(value);
    case "name":
      return undefined;
    case "labels":
      try {
        parseLabelSelector(value);
        return undefined;
      } catch (err) {
        if (!(err instanceof LabelSelectorError)) throw err;
        return `label selector: ${err.message}`;
      }
    case "cel": {
      const error = celAgentError(value);
      return error === undefined ? undefined : `CEL: ${error}`;
    }
    case "event":
      return EVENT_TYPE_NAMES.includes(value)
        ? undefined
        : `unknown event type "${value}"; use ${EVENT_TYPE_NAMES.join(", ")}`;
    case "cap":
      return CAPABILITY_NAMES.includes(value)
        ? undefined
        : `unknown capability "${value}" (CAP_SYS_ADMIN, CAP_NET_RAW, …)`;
    case "uint":
      return /^\d+$/.test(value) && Number(value) <= MAX_UINT32
        ? undefined
        : `"${value}" is not a process id (0 to ${String(MAX_UINT32)})`;
  }
}
