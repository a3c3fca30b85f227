/**
 * One Tetragon event as the table shows it: the flat, display-ready fields the table, the
 * filters and the search read. The ingest worker builds these fields once per event
 * (src/decode/to-row.ts), keeps them in columns (src/ingest/store) and sends a `RowView`
 * only for the rows a tab draws. Nothing here mirrors the schema: the detail pane asks the
 * worker for the full event.
 *
 * This file is the one field table: `RowView` declares every field, and `STRING_FIELDS`
 * lists the string fields the worker keeps as interned columns (checked against RowView by
 * the compiler, so a new string field cannot be forgotten by the store, the row builder or
 * the search).
 *
 * Every string is attacker-controlled (arguments, pod names, labels...): render as text only.
 * Missing fields are "" (strings) or undefined (numbers), never a placeholder string.
 */
import type { EventKind } from "./event-kind.js";

export interface RowView {
  /** Position in the worker's buffer + 1: unique for the worker's lifetime, the row id. */
  readonly seq: number;
  readonly kind: EventKind;
  /** Event time in epoch milliseconds (NaN when the event carries none). */
  readonly timeMs: number;
  /** Event time as the agent sent it (RFC 3339, nanoseconds kept), "" when absent. */
  readonly time: string;
  readonly node: string;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  /** Workload name (e.g. the Deployment), "" when unknown. */
  readonly workload: string;
  /** Pod labels as "key=value". */
  readonly labels: readonly string[];
  readonly binary: string;
  readonly arguments: string;
  readonly parentBinary: string;
  readonly parentArguments: string;
  readonly pid: number | undefined;
  readonly uid: number | undefined;
  /** For an exit: "0", "1", "SIGKILL" ...; "" for other kinds. */
  readonly exitStatus: string;
  /** Policy name for kprobe/tracepoint/uprobe/usdt/lsm events. */
  readonly policy: string;
  /** Hooked function, tracepoint "subsys/event", uprobe symbol, usdt provider:name, lsm hook. */
  readonly functionName: string;
  /** The one-line form `tetra getevents -o compact` prints, without the icon. */
  readonly summary: string;
  /**
   * Stable selection key for the URL (`sel`): derived from the event's content (kind, node,
   * time, exec_id, hook), so it survives a reload when the same event is shown again. Two
   * identical events share a key; the table's row id stays `seq`.
   */
  readonly key: string;
  /** The per-event icon tetra prints (📬 for an fd_install open, 🔌 for tcp_connect...). */
  readonly icon: string;
  /** The per-event label tetra prints after the icon ("open", "connect", "process"...). */
  readonly verb: string;
  /** Policy action for hook events ("POST", "SIGKILL", "OVERRIDE"...), "" otherwise. */
  readonly action: string;
  /** The hook's return value rendered as text ("" when the event carries none). */
  readonly returnValue: string;
  /** Full container id as sent ("containerd://…", "docker://…"), "" when absent. */
  readonly containerId: string;
  /** Container image name ("quay.io/cilium/starwars:v1.0"), "" when absent. */
  readonly image: string;
  readonly cluster: string;
  readonly execId: string;
  /** The parent's exec_id: links a process to its parent (process trees, issue 15). */
  readonly parentExecId: string;
}

/** String fields of RowView not kept as interned strings: a kind number, derived time and key. */
type NotInterned = "kind" | "time" | "key";

type StringKeys<T> = { [K in keyof T]-?: T[K] extends string ? K : never }[keyof T];

/** A string field the worker stores as an interned column. */
export type StringField = Exclude<StringKeys<RowView>, NotInterned>;

/** Every stored string field, in column order. */
export const STRING_FIELDS = [
  "node",
  "namespace",
  "pod",
  "container",
  "workload",
  "binary",
  "arguments",
  "parentBinary",
  "parentArguments",
  "exitStatus",
  "policy",
  "functionName",
  "summary",
  "icon",
  "verb",
  "action",
  "returnValue",
  "containerId",
  "image",
  "cluster",
  "execId",
  "parentExecId",
] as const satisfies readonly StringField[];

/** Compile-time proof that STRING_FIELDS names every StringField (the build fails otherwise). */
export type EveryStringFieldListed =
  Exclude<StringField, (typeof STRING_FIELDS)[number]> extends never ? true : never;
export const everyStringFieldListed: EveryStringFieldListed = true;

/** A string field's column number in the worker's store. */
export const STRING_FIELD_INDEX: Readonly<Record<StringField, number>> = Object.fromEntries(
  STRING_FIELDS.map((f, i) => [f, i]),
) as Record<StringField, number>;
