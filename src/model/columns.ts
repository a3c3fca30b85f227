/**
 * The table's columns as data, shared by the page (headers, widths, cells in
 * src/table/columns.tsx) and the ingest worker (sorting, CSV export): ids (also the URL
 * `cols` values), headers, and each column's full text for an export.
 */
import { formatIso } from "../lib/time.js";
import { KIND_META } from "./event-kind.js";
import type { RowView } from "./row.js";

export const COLUMN_IDS = [
  "time",
  "node",
  "type",
  "namespace",
  "pod",
  "container",
  "binary",
  "function",
  "args",
  "pid",
  "uid",
  "exit",
  "policy",
  "summary",
] as const;

export type ColumnId = (typeof COLUMN_IDS)[number];

export const COLUMN_HEADERS: Readonly<Record<ColumnId, string>> = {
  time: "Time",
  node: "Node",
  type: "Type",
  function: "Function",
  namespace: "Namespace",
  pod: "Pod",
  container: "Container",
  binary: "Binary",
  args: "Arguments",
  pid: "PID",
  uid: "UID",
  exit: "Exit",
  policy: "Policy",
  summary: "Summary",
};

/**
 * Shown until the user chooses (URL `cols`, else the remembered choice). Exit is left out:
 * an exit's status ends its Summary, and without it the Summary keeps room at 1440 px.
 */
export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  "time",
  "node",
  "type",
  "namespace",
  "pod",
  "binary",
  "function",
  "args",
  "policy",
  "summary",
];

export function isColumnId(id: string): id is ColumnId {
  return (COLUMN_IDS as readonly string[]).includes(id);
}

/** The row field a text column shows (time, type, pid and uid are formatted). */
export const COLUMN_FIELD = {
  node: "node",
  function: "functionName",
  namespace: "namespace",
  pod: "pod",
  container: "container",
  binary: "binary",
  args: "arguments",
  exit: "exitStatus",
  policy: "policy",
  summary: "summary",
} as const satisfies Partial<Record<ColumnId, keyof RowView>>;

function num(n: number | undefined): string {
  return n === undefined ? "" : String(n);
}

/** The event type as the Type column names it: tetra's per-event label ("open"), else the kind's. */
export function typeLabel(row: Pick<RowView, "kind" | "verb">): string {
  return row.verb || KIND_META[row.kind].label;
}

/** A cell's text in full (the table caps and formats for the screen; an export keeps all). */
export function columnText(id: ColumnId, row: RowView): string {
  switch (id) {
    case "time":
      return row.time || formatIso(row.timeMs);
    case "type":
      return typeLabel(row);
    case "pid":
      return num(row.pid);
    case "uid":
      return num(row.uid);
    default:
      return row[COLUMN_FIELD[id]];
  }
}
