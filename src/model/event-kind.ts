/**
 * Event kinds and every name they go by: the row's `kind`, the Type column's icon and label
 * (as `tetra getevents -o compact` prints them), Tetragon's EventType names (PROCESS_EXEC...)
 * and the oneof field names of GetEventsResponse (process_exec...). One table, shared by the
 * ingest worker and the page, so a kind cannot be named three different ways. No generated
 * code here: the EventType numbers live in src/decode/kinds.ts.
 */

/** Every event case of GetEventsResponse, plus "unknown" for a case this build cannot name. */
export type EventKind =
  | "exec"
  | "exit"
  | "kprobe"
  | "tracepoint"
  | "uprobe"
  | "usdt"
  | "lsm"
  | "loader"
  | "throttle"
  | "rate_limit_info"
  | "test"
  | "unknown";

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

/** Every kind, "unknown" last: the index of a kind here is its number in the worker's columns. */
export const ALL_KINDS: readonly EventKind[] = [...EVENT_KINDS, "unknown"];

/** Icon and label per kind, for the table's "Type" column and the event-type filter menu. */
export const KIND_META: Readonly<
  Record<EventKind, { readonly icon: string; readonly label: string }>
> = {
  exec: { icon: "🚀", label: "process" },
  exit: { icon: "💥", label: "exit" },
  kprobe: { icon: "🔍", label: "kprobe" },
  tracepoint: { icon: "⁉️", label: "tracepoint" },
  uprobe: { icon: "🕵️", label: "uprobe" },
  usdt: { icon: "🕵️", label: "usdt" },
  lsm: { icon: "🔒", label: "LSM" },
  loader: { icon: "🧬", label: "loader" },
  throttle: { icon: "🧬", label: "throttle" },
  rate_limit_info: { icon: "⚠️", label: "rate limit" },
  test: { icon: "🧪", label: "test" },
  unknown: { icon: "❔", label: "unknown" },
};

interface KindNames {
  /** EventType enum value name, as in a Filter's event_set. */
  readonly enumName: string;
  /** The JSON oneof field name of GetEventsResponse. */
  readonly field: string;
}

export const KIND_NAMES: Readonly<Record<KnownEventKind, KindNames>> = {
  exec: { enumName: "PROCESS_EXEC", field: "process_exec" },
  exit: { enumName: "PROCESS_EXIT", field: "process_exit" },
  kprobe: { enumName: "PROCESS_KPROBE", field: "process_kprobe" },
  tracepoint: { enumName: "PROCESS_TRACEPOINT", field: "process_tracepoint" },
  uprobe: { enumName: "PROCESS_UPROBE", field: "process_uprobe" },
  usdt: { enumName: "PROCESS_USDT", field: "process_usdt" },
  lsm: { enumName: "PROCESS_LSM", field: "process_lsm" },
  loader: { enumName: "PROCESS_LOADER", field: "process_loader" },
  throttle: { enumName: "PROCESS_THROTTLE", field: "process_throttle" },
  rate_limit_info: { enumName: "RATE_LIMIT_INFO", field: "rate_limit_info" },
  test: { enumName: "TEST", field: "test" },
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
