/**
 * The table's columns as data, shared by the page (headers, widths, cells in
 * src/table/columns.tsx) and the ingest worker (sorting, CSV export): ids (also the URL
 * `cols` values), headers, and each column's full text for an export.
 */
import { formatIso } from "../lib/time.js";
import type { RowView } from "./row.js";

export const COLUMN_IDS = [
  "time",
  "node",
  "type",
  "namespace",
  "pod",
  "container",
  "binary",
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

export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  "time",
  "node",
  "type",
  "namespace",
  "pod",
  "binary",
  "args",
  "exit",
  "policy",
  "summary",
];

export function isColumnId(id: string): id is ColumnId {
  return (COLUMN_IDS as readonly string[]).includes(id);
}

/** The row field a text column shows (time, type, pid and uid are formatted). */
export const COLUMN_FIELD = {
  node: "node",
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

/** A cell's text in full (the table caps and formats for the screen; an export keeps all). */
export function columnText(id: ColumnId, row: RowView): string {
  switch (id) {
    case "time":
      return row.time || formatIso(row.timeMs);
    case "type":
      return row.kind;
    case "pid":
      return num(row.pid);
    case "uid":
      return num(row.uid);
    default:
      return row[COLUMN_FIELD[id]];
  }
}
