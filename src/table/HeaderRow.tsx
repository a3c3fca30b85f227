/**
 * The sticky column header row. A click on a header cycles its sort (asc, desc, none); the
 * handle on its right edge resizes it (drag, or ArrowLeft/ArrowRight when focused) and fits
 * it to the cells on screen on double-click (or Enter). The last column grows into the free
 * width (flex-grow), so hiding columns widens the rest of the row instead of leaving a gap.
 */
import type { ReactTable } from "@tanstack/react-table";
import type { KeyboardEvent } from "react";
import { cn } from "../lib/cn";
import { columnStyle, MIN_COLUMN_WIDTH, type features, type Entry } from "./columns";

/** One ArrowLeft/ArrowRight on a resize handle, in px. */
const KEY_STEP = 16;

export function HeaderRow({
  table,
  width,
  onFit,
}: {
  table: ReactTable<typeof features, Entry>;
  width: number;
  onFit: (columnId: string) => void;
}) {
  const resizeByKey = (columnId: string, size: number, e: KeyboardEvent) => {
    const step = e.key === "ArrowRight" ? KEY_STEP : e.key === "ArrowLeft" ? -KEY_STEP : 0;
    const next = Math.max(MIN_COLUMN_WIDTH, size + step);
    if (e.key === "Enter") onFit(columnId);
    else if (step !== 0) table.setColumnSizing((old) => ({ ...old, [columnId]: next }));
    else return;
    // The grid's own shortcuts (move the selection, open details) must not fire as well.
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div role="rowgroup" className="sticky top-0 z-10" style={{ minWidth: width }}>
      {table.getHeaderGroups().map((group) => (
        <div
          key={group.id}
          role="row"
          aria-rowindex={1}
          className="flex border-b border-slate-300 bg-slate-100 font-sans font-semibold text-slate-700 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-200"
        >
          {group.headers.map((header, i) => {
            const sorted = header.column.getIsSorted();
            const name = String(header.column.columnDef.header ?? header.id);
            const size = header.getSize();
            const last = i === group.headers.length - 1;
            return (
              <div
                key={header.id}
                role="columnheader"
                data-col={header.column.id}
                aria-sort={
                  sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"
                }
                className="relative"
                style={columnStyle(size, last)}
              >
                <button
                  type="button"
                  onClick={header.column.getToggleSortingHandler()}
                  className="flex w-full items-center gap-1 truncate px-1.5 py-1 text-left hover:bg-slate-200 dark:hover:bg-slate-700"
                  title="Sort (click again to reverse, a third time for arrival order)"
                >
                  <table.FlexRender header={header} />
                  <span aria-hidden="true" className="text-slate-500">
                    {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                  </span>
                </button>
                <div
                  role="separator"
                  aria-orientation="vertical"
                  aria-label={`Resize ${name}`}
                  aria-valuenow={Math.round(size)}
                  aria-valuemin={header.column.columnDef.minSize}
                  tabIndex={0}
                  title="Drag to resize, double-click to fit the rows on screen"
                  onMouseDown={header.getResizeHandler()}
                  onTouchStart={header.getResizeHandler()}
                  onDoubleClick={() => {
                    onFit(header.column.id);
                  }}
                  onKeyDown={(e) => {
                    resizeByKey(header.column.id, size, e);
                  }}
                  className={cn(
                    "absolute top-0 right-0 z-10 h-full w-1.5 cursor-col-resize touch-none select-none hover:bg-sky-400 focus-visible:bg-sky-500 focus-visible:outline-none",
                    header.column.getIsResizing() && "bg-sky-500",
                  )}
                />
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
