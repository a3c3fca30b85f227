/**
 * The table's columns for TanStack: ids and headers from src/model/columns.ts, widths, and
 * cells. Cells read only the RowView the worker sent (display-ready strings) and pass every
 * string through visibleText, since event strings are attacker-controlled. Gap rows render
 * separately (GapRow). Sorting happens in the worker (manualSorting): these columns only
 * declare that they can be sorted.
 */
import {
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
} from "@tanstack/react-table";
import { KindBadge } from "../components/KindBadge";
import { formatClock } from "../lib/time";
import { visibleText } from "../lib/text";
import { COLUMN_HEADERS, type ColumnId } from "../model/columns";
import type { RowView } from "../model/row";
import type { ViewEntry } from "../protocol/protocol";

export type Entry = ViewEntry;

export const features = tableFeatures({
  columnVisibilityFeature,
  columnSizingFeature,
  rowSortingFeature,
});

const helper = createColumnHelper<typeof features, Entry>();

function field(get: (row: RowView) => string): (e: Entry) => string {
  return (e) => (e.type === "event" ? get(e.row) : "");
}

function num(n: number | undefined): string {
  return n === undefined ? "" : String(n);
}

const text = (info: { getValue: () => string }) => visibleText(info.getValue());

function textColumn(id: ColumnId, size: number, get: (row: RowView) => string) {
  return helper.accessor(field(get), { id, header: COLUMN_HEADERS[id], size, cell: text });
}

export const columns = helper.columns([
  textColumn("time", 104, (r) => formatClock(r.timeMs)),
  textColumn("node", 120, (r) => r.node),
  helper.accessor(
    field((r) => r.kind),
    {
      id: "type",
      header: COLUMN_HEADERS.type,
      size: 130,
      cell: (info) => {
        const e = info.row.original;
        return e.type === "event" ? <KindBadge row={e.row} /> : null;
      },
    },
  ),
  textColumn("namespace", 120, (r) => r.namespace),
  textColumn("pod", 190, (r) => r.pod),
  textColumn("container", 120, (r) => r.container),
  textColumn("binary", 170, (r) => r.binary),
  textColumn("args", 200, (r) => r.arguments),
  textColumn("pid", 70, (r) => num(r.pid)),
  textColumn("uid", 60, (r) => num(r.uid)),
  textColumn("exit", 70, (r) => r.exitStatus),
  textColumn("policy", 120, (r) => r.policy),
  textColumn("summary", 420, (r) => r.summary),
]);

/** A row's stable id: its position-based sequence number, or the gap's id. */
export function entryId(e: Entry): string {
  return e.type === "event" ? `e${String(e.row.seq)}` : e.id;
}
