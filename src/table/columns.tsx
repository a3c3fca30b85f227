/**
 * The table's columns for TanStack: ids and headers from src/model/columns.ts, default widths,
 * and cells. Cells read only the RowView the worker sent (display-ready strings) and pass
 * every string through visibleText, since event strings are attacker-controlled. Names whose
 * end tells them apart (node, pod, container, binary) are shortened in the middle; the
 * Summary leads with what differs (summary-lead.ts). Gap rows render separately (GapRow).
 * Sorting happens in the worker (manualSorting): these columns only declare that they can be
 * sorted. Widths: `size` is the default, the user's widths live in column-widths.ts.
 */
import {
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
} from "@tanstack/react-table";
import type { CSSProperties, ReactNode } from "react";
import { KindBadge } from "../components/KindBadge";
import { MiddleEllipsis } from "../components/MiddleEllipsis";
import { formatClock } from "../lib/time";
import { visibleText } from "../lib/text";
import { COLUMN_HEADERS, columnText, isColumnId, type ColumnId } from "../model/columns";
import type { RowView } from "../model/row";
import type { ViewEntry } from "../protocol/protocol";
import { summaryParts } from "./summary-lead";

export type Entry = ViewEntry;

export const features = tableFeatures({
  columnVisibilityFeature,
  columnSizingFeature,
  columnResizingFeature,
  rowSortingFeature,
});

const helper = createColumnHelper<typeof features, Entry>();

/** No column is resized narrower than this (a header and its sort arrow). */
export const MIN_COLUMN_WIDTH = 36;

function field(get: (row: RowView) => string): (e: Entry) => string {
  return (e) => (e.type === "event" ? get(e.row) : "");
}

function num(n: number | undefined): string {
  return n === undefined ? "" : String(n);
}

type CellFn = (info: { getValue: () => string }) => ReactNode;
const text: CellFn = (info) => visibleText(info.getValue());
const middle: CellFn = (info) => <MiddleEllipsis text={info.getValue()} />;

function textColumn(id: ColumnId, size: number, get: (row: RowView) => string, cut = text) {
  return helper.accessor(field(get), {
    id,
    header: COLUMN_HEADERS[id],
    size,
    minSize: MIN_COLUMN_WIDTH,
    cell: cut,
  });
}

export const columns = helper.columns([
  textColumn("time", 104, (r) => formatClock(r.timeMs)),
  textColumn("node", 130, (r) => r.node, middle),
  helper.accessor(
    field((r) => r.kind),
    {
      id: "type",
      header: COLUMN_HEADERS.type,
      size: 92,
      minSize: MIN_COLUMN_WIDTH,
      cell: (info) => {
        const e = info.row.original;
        return e.type === "event" ? <KindBadge row={e.row} /> : null;
      },
    },
  ),
  textColumn("namespace", 100, (r) => r.namespace),
  textColumn("pod", 180, (r) => r.pod, middle),
  textColumn("container", 120, (r) => r.container, middle),
  textColumn("binary", 150, (r) => r.binary, middle),
  textColumn("function", 120, (r) => r.functionName),
  textColumn("args", 180, (r) => r.arguments),
  textColumn("pid", 64, (r) => num(r.pid)),
  textColumn("uid", 56, (r) => num(r.uid)),
  textColumn("exit", 56, (r) => r.exitStatus),
  textColumn("policy", 110, (r) => r.policy),
  helper.accessor(
    field((r) => r.summary),
    {
      id: "summary",
      header: COLUMN_HEADERS.summary,
      size: 320,
      minSize: MIN_COLUMN_WIDTH,
      cell: (info) => {
        const e = info.row.original;
        if (e.type !== "event") return null;
        const { lead, context } = summaryParts(e.row);
        return (
          <>
            {visibleText(lead)}
            {context !== "" && (
              <span className="text-slate-500 dark:text-slate-400"> · {visibleText(context)}</span>
            )}
          </>
        );
      },
    },
  ),
]);

/**
 * The last visible column gives back width down to this before the grid scrolls sideways
 * (and takes all free width beyond its size): the row fits the screen at the default widths.
 */
const LAST_COLUMN_MIN = 160;

/** Width style of a header or cell: fixed, or flexible for the last visible column. */
export function columnStyle(size: number, last: boolean): CSSProperties {
  if (!last) return { width: size, flexShrink: 0 };
  return { width: size, flexGrow: 1, flexShrink: 1, minWidth: Math.min(size, LAST_COLUMN_MIN) };
}

/** The width a row needs before it scrolls sideways: every column's, the last one's minimum. */
export function rowMinWidth(totalSize: number, lastSize: number): number {
  return totalSize - lastSize + Math.min(lastSize, LAST_COLUMN_MIN);
}

/** Title (hover text) cap: a tooltip is no place for a 1 MiB argument list. */
const TITLE_MAX_CHARS = 2_000;

/** A cell's full value for its title: the whole name, the exact time, the whole summary. */
export function cellTitle(columnId: string, e: Entry): string | undefined {
  if (e.type !== "event" || !isColumnId(columnId)) return undefined;
  const value = columnText(columnId, e.row);
  return value === "" ? undefined : visibleText(value, TITLE_MAX_CHARS);
}

/** A row's stable id: its position-based sequence number, or the gap's id. */
export function entryId(e: Entry): string {
  return e.type === "event" ? `e${String(e.row.seq)}` : e.id;
}
