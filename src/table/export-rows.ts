/**
 * Export of the rows the table currently shows (filters applied, in view order; gap rows left
 * out): JSONL with each event's raw JSON exactly as `tetra getevents -o json` prints it, or CSV
 * with the visible columns. Both are neutralised: JSONL escapes bidi/invisible characters as
 * \uXXXX (same values), CSV cells go through csvCell (visible, formula-neutral, quoted).
 * Pure functions of the store snapshot; the download itself is in ExportMenu.
 */
import { toCsv } from "../lib/csv";
import { formatIso } from "../lib/time";
import { escapeJsonSpecials } from "../lib/text";
import { rawJson } from "../decode/detail";
import type { EventRow } from "../model/event-row";
import type { StoreSnapshot } from "../stream/event-store";
import type { RawEvent } from "../api/clients";
import { COLUMN_IDS, columns, type ColumnId } from "./columns";

const HEADERS: Record<string, string> = Object.fromEntries(
  columns.map((c) => [c.id ?? "", typeof c.header === "string" ? c.header : (c.id ?? "")]),
);

function num(n: number | undefined): string {
  return n === undefined ? "" : String(n);
}

/** A cell's text in full (the table caps and formats for the screen; an export keeps all). */
export function columnText(id: ColumnId, row: EventRow): string {
  switch (id) {
    case "time":
      return row.time || formatIso(row.timeMs);
    case "type":
      return row.kind;
    case "args":
      return row.arguments;
    case "exit":
      return row.exitStatus;
    case "pid":
      return num(row.pid);
    case "uid":
      return num(row.uid);
    case "node":
    case "namespace":
    case "pod":
    case "container":
    case "binary":
    case "policy":
    case "summary":
      return row[id];
  }
}

function* eventRows(snapshot: StoreSnapshot<RawEvent>): Generator<EventRow> {
  for (let i = 0; i < snapshot.rowCount; i++) {
    const entry = snapshot.rowAt(i);
    if (entry?.type === "event") yield entry.row;
  }
}

/** One compact JSON object per line, invisible characters escaped. */
export function exportJsonl(snapshot: StoreSnapshot<RawEvent>): string {
  const lines: string[] = [];
  for (const row of eventRows(snapshot)) lines.push(escapeJsonSpecials(rawJson(row.raw)));
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** CSV of `visible` columns (in the table's column order). */
export function exportCsv(snapshot: StoreSnapshot<RawEvent>, visible: readonly string[]): string {
  const ids = COLUMN_IDS.filter((id) => visible.includes(id));
  const header = ids.map((id) => HEADERS[id] ?? id);
  const rows = (function* () {
    for (const row of eventRows(snapshot)) yield ids.map((id) => columnText(id, row));
  })();
  return toCsv(header, rows);
}

/** `tetragon-events-2024-05-01T12-00-00Z.csv`: sortable, no characters file systems reject. */
export function exportFileName(nowMs: number, ext: "jsonl" | "csv"): string {
  const stamp = new Date(nowMs)
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");
  return `tetragon-events-${stamp}.${ext}`;
}
