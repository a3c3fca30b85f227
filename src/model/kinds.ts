/**
 * EventKind <-> Tetragon's EventType enum names (PROCESS_EXEC...) and the oneof case names of
 * GetEventsResponse (process_exec...), for the "Event type" filter and for GetEventsRequest
 * event_set. One table, so a kind cannot be named three different ways.
 */
import { EventType } from "../gen/tetragon/events_pb.js";
import type { EventKind } from "./event-row.js";

/** The kinds a real stream can carry, in display order ("unknown" is not one of them). */
export const EVENT_KINDS = [
  "exec",
  "exit",
  "kprobe",
  "tracepoint",
  "uprobe",
  "usdt",
  "lsm",
  "loader",
  "throttle",
  "rate_limit_info",
  "test",
] as const satisfies readonly EventKind[];

export type KnownEventKind = (typeof EVENT_KINDS)[number];

interface KindNames {
  /** EventType enum value name, as in a Filter's event_set. */
  readonly enumName: string;
  readonly enumValue: EventType;
  /** The JSON oneof field name of GetEventsResponse. */
  readonly field: string;
}

export const KIND_NAMES: Readonly<Record<KnownEventKind, KindNames>> = {
  exec: { enumName: "PROCESS_EXEC", enumValue: EventType.PROCESS_EXEC, field: "process_exec" },
  exit: { enumName: "PROCESS_EXIT", enumValue: EventType.PROCESS_EXIT, field: "process_exit" },
  kprobe: {
    enumName: "PROCESS_KPROBE",
    enumValue: EventType.PROCESS_KPROBE,
    field: "process_kprobe",
  },
  tracepoint: {
    enumName: "PROCESS_TRACEPOINT",
    enumValue: EventType.PROCESS_TRACEPOINT,
    field: "process_tracepoint",
  },
  uprobe: {
    enumName: "PROCESS_UPROBE",
    enumValue: EventType.PROCESS_UPROBE,
    field: "process_uprobe",
  },
  usdt: { enumName: "PROCESS_USDT", enumValue: EventType.PROCESS_USDT, field: "process_usdt" },
  lsm: { enumName: "PROCESS_LSM", enumValue: EventType.PROCESS_LSM, field: "process_lsm" },
  loader: {
    enumName: "PROCESS_LOADER",
    enumValue: EventType.PROCESS_LOADER,
    field: "process_loader",
  },
  throttle: {
    enumName: "PROCESS_THROTTLE",
    enumValue: EventType.PROCESS_THROTTLE,
    field: "process_throttle",
  },
  rate_limit_info: {
    enumName: "RATE_LIMIT_INFO",
    enumValue: EventType.RATE_LIMIT_INFO,
    field: "rate_limit_info",
  },
  test: { enumName: "TEST", enumValue: EventType.TEST, field: "test" },
};

/** Every spelling a user may type for a kind, lower-cased. Built once. */
const ALIASES: ReadonlyMap<string, EventKind> = (() => {
  const m = new Map<string, EventKind>();
  for (const kind of EVENT_KINDS) {
    const n = KIND_NAMES[kind];
    m.set(kind, kind);
    m.set(n.enumName.toLowerCase(), kind);
    m.set(n.field, kind);
  }
  // Natural extras: tetra's compact labels and common short forms.
  m.set("process", "exec");
  m.set("execve", "exec");
  m.set("ratelimit", "rate_limit_info");
  m.set("rate_limit", "rate_limit_info");
  m.set("unknown", "unknown");
  return m;
})();

/**
 * The kind a user-typed name denotes: "exec", "process_exec", "PROCESS_EXEC", "kprobe"...
 * (case-insensitive, surrounding spaces ignored); undefined when it names none.
 */
export function kindFromName(name: string): EventKind | undefined {
  return ALIASES.get(name.trim().toLowerCase());
}

export function eventTypeOfKind(kind: EventKind): EventType | undefined {
  return kind === "unknown" ? undefined : KIND_NAMES[kind].enumValue;
}

export function kindOfEventType(t: EventType): EventKind {
  for (const kind of EVENT_KINDS) if (KIND_NAMES[kind].enumValue === t) return kind;
  return "unknown";
}
