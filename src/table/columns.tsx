/**
 * The table's columns: ids (also the URL `cols` values), headers, widths, cell text and sort
 * keys. Cells read only EventRow (display-ready strings) and pass every string through
 * visibleText, since event strings are attacker-controlled. Gap rows render separately.
 */
import {
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
} from "@tanstack/react-table";
import type { RawEvent } from "../api/clients";
import { formatClock } from "../lib/time";
import { visibleText } from "../lib/text";
import type { EventRow } from "../model/event-row";
import type { BufferEntry, EntryComparator } from "../stream/types";
import { KindBadge } from "../components/KindBadge";

export type Entry = BufferEntry<RawEvent>;

export const features = tableFeatures({
  columnVisibilityFeature,
  columnSizingFeature,
  rowSortingFeature,
});

const helper = createColumnHelper<typeof features, Entry>();

function field(get: (row: EventRow) => string): (e: Entry) => string {
  return (e) => (e.type === "event" ? get(e.row) : "");
}

function num(n: number | undefined): string {
  return n === undefined ? "" : String(n);
}

const text = (info: { getValue: () => string }) => visibleText(info.getValue());

export const columns = helper.columns([
  helper.accessor(
    field((r) => formatClock(r.timeMs)),
    {
      id: "time",
      header: "Time",
      size: 104,
      cell: text,
    },
  ),
  helper.accessor(
    field((r) => r.node),
    { id: "node", header: "Node", size: 120, cell: text },
  ),
  helper.accessor(
    field((r) => r.kind),
    {
      id: "type",
      header: "Type",
      size: 130,
      cell: (info) => {
        const e = info.row.original;
        return e.type === "event" ? <KindBadge row={e.row} /> : null;
      },
    },
  ),
  helper.accessor(
    field((r) => r.namespace),
    {
      id: "namespace",
      header: "Namespace",
      size: 120,
      cell: text,
    },
  ),
  helper.accessor(
    field((r) => r.pod),
    { id: "pod", header: "Pod", size: 190, cell: text },
  ),
  helper.accessor(
    field((r) => r.container),
    {
      id: "container",
      header: "Container",
      size: 120,
      cell: text,
    },
  ),
  helper.accessor(
    field((r) => r.binary),
    {
      id: "binary",
      header: "Binary",
      size: 170,
      cell: text,
    },
  ),
  helper.accessor(
    field((r) => r.arguments),
    {
      id: "args",
      header: "Arguments",
      size: 200,
      cell: text,
    },
  ),
  helper.accessor(
    field((r) => num(r.pid)),
    { id: "pid", header: "PID", size: 70, cell: text },
  ),
  helper.accessor(
    field((r) => num(r.uid)),
    { id: "uid", header: "UID", size: 60, cell: text },
  ),
  helper.accessor(
    field((r) => r.exitStatus),
    {
      id: "exit",
      header: "Exit",
      size: 70,
      cell: text,
    },
  ),
  helper.accessor(
    field((r) => r.policy),
    {
      id: "policy",
      header: "Policy",
      size: 120,
      cell: text,
    },
  ),
  helper.accessor(
    field((r) => r.summary),
    {
      id: "summary",
      header: "Summary",
      size: 420,
      cell: text,
    },
  ),
]);

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

/** Sort keys: numbers compare as numbers, the rest as strings; gaps sort by start time. */
function sortKey(id: ColumnId, e: Entry): string | number {
  if (e.type === "gap") return id === "time" ? e.startMs : "";
  const r = e.row;
  switch (id) {
    case "time":
      return Number.isFinite(r.timeMs) ? r.timeMs : -Infinity;
    case "pid":
      return r.pid ?? -1;
    case "uid":
      return r.uid ?? -1;
    case "type":
      return r.kind;
    case "args":
      return r.arguments;
    case "exit":
      return r.exitStatus;
    case "node":
    case "namespace":
    case "pod":
    case "container":
    case "binary":
    case "policy":
    case "summary":
      return r[id];
  }
}

export function comparatorFor(id: ColumnId, desc: boolean): EntryComparator<RawEvent> {
  const sign = desc ? -1 : 1;
  return (a, b) => {
    const x = sortKey(id, a);
    const y = sortKey(id, b);
    const c =
      typeof x === "number" && typeof y === "number"
        ? x - y
        : String(x) < String(y)
          ? -1
          : String(x) > String(y)
            ? 1
            : 0;
    return sign * c;
  };
}
