/**
 * The windowed grid: the lowest component, so only it re-renders per update, and it draws
 * only the visible window (whole blocks of rows, virtualised by @tanstack/react-virtual;
 * use-row-window.ts). The ingest worker holds the rows: this component
 * tells it which window it draws (the viewport) and renders the rows of the latest update;
 * a row outside that window (mid-scroll, before the worker answered) is a blank placeholder.
 *
 * Follow-tail: while the view is scrolled to the bottom it follows the newest rows; the user
 * scrolling up stops following and shows "Jump to latest" (in a strip under the grid). Not following, rows evicted above
 * the window (the update's headShift grew) scroll the view up by as many rows, so what the
 * user reads stays in place.
 */
import {
  useTable,
  type ColumnSizingState,
  type OnChangeFn,
  type SortingState,
} from "@tanstack/react-table";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { cn } from "../lib/cn";
import type { ViewSnapshot } from "../view/view-store";
import type { ViewClient } from "../view/worker-client";
import {
  cellTitle,
  columns,
  columnStyle,
  entryId,
  features,
  MIN_COLUMN_WIDTH,
  rowMinWidth,
  type Entry,
} from "./columns";
import { columnCells, fitWidth } from "./fit-column";
import { GapRow } from "./GapRow";
import { NoteRow } from "./NoteRow";
import { HeaderRow } from "./HeaderRow";
import { useRowWindow, type WindowRow } from "./use-row-window";

export const ROW_HEIGHT = 22;
/** Rows asked for before the grid has measured itself. */
const FIRST_WINDOW = 60;

/**
 * The newest `limit` rows of the worker's last update as window rows (index and offset):
 * following, the rows at the bottom of the view. The update carries the whole window's
 * capacity (so scrolling up finds rows at once); only those on screen are drawn, since
 * every row drawn is rewritten and laid out again at each update.
 */
function newestItems(snapshot: ViewSnapshot, limit: number): WindowRow[] {
  const from = Math.max(0, snapshot.rows.length - limit);
  const items: WindowRow[] = [];
  for (let i = from; i < snapshot.rows.length; i++) {
    const index = snapshot.first + i;
    items.push({ index, start: index * ROW_HEIGHT });
  }
  return items;
}

export interface EventTableBodyProps {
  client: ViewClient;
  snapshot: ViewSnapshot;
  columnVisibility: Record<string, boolean>;
  /** The user's widths (column-widths.ts); columns without one use their default size. */
  columnSizing: ColumnSizingState;
  onColumnSizingChange: OnChangeFn<ColumnSizingState>;
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  selectedKey: string | undefined;
  /** Index to bring into view (keyboard selection); changes of this value scroll. */
  scrollToIndex: number | undefined;
  onSelect: (entry: Entry, open: boolean) => void;
}

export function EventTableBody(props: EventTableBodyProps) {
  const { snapshot, selectedKey, client } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const grid = useRowWindow(scrollRef, snapshot.rowCount, ROW_HEIGHT);
  const measured = grid.rows;
  // Following, draw the newest rows the worker sent, straight away: the window's range
  // still reflects the scroll position before this update (the view is scrolled down after
  // layout), and drawing from it would show blank rows for a frame and rebuild every row.
  const items =
    follow && snapshot.rows.length > 0
      ? newestItems(snapshot, grid.viewportRows > 0 ? grid.viewportRows : FIRST_WINDOW)
      : measured;
  const windowEntries: Entry[] = [];
  for (const item of items) {
    const entry = snapshot.rowAt(item.index);
    if (entry !== undefined) windowEntries.push(entry);
  }
  const table = useTable({
    features,
    columns,
    data: windowEntries,
    getRowId: entryId,
    state: {
      columnVisibility: props.columnVisibility,
      columnSizing: props.columnSizing,
      sorting: props.sorting,
    },
    onSortingChange: props.onSortingChange,
    onColumnSizingChange: props.onColumnSizingChange,
    columnResizeMode: "onChange",
    manualSorting: true,
    enableSortingRemoval: true,
  });
  const rowsById = new Map(table.getRowModel().rows.map((row) => [row.id, row]));
  const visibleColumnCount = table.getVisibleLeafColumns().length;
  const lastColumn = table.getVisibleLeafColumns().at(-1);
  const lastColumnId = lastColumn?.id;
  const totalWidth = rowMinWidth(table.getTotalSize(), lastColumn?.getSize() ?? 0);

  const { onColumnSizingChange } = props;
  const fitColumn = useCallback(
    (columnId: string) => {
      const el = scrollRef.current;
      const width = el === null ? undefined : fitWidth(columnCells(el, columnId), MIN_COLUMN_WIDTH);
      if (width !== undefined) onColumnSizingChange((old) => ({ ...old, [columnId]: width }));
    },
    [onColumnSizingChange],
  );

  // The window this grid draws, for the worker. `shiftBasis` says which update `first`
  // was computed from, so the worker can correct it for evictions it has made since.
  // Following, the worker sends the newest rows whatever the index: only the count matters,
  // so new rows arriving do not make the grid ask again.
  const first = follow ? 0 : (items[0]?.index ?? 0);
  // The window's capacity, not the rows it happens to cover: it does not change with the
  // scroll position, so scrolling to the newest row does not make the grid ask again.
  const count = grid.capacity > 0 ? grid.capacity : FIRST_WINDOW;
  const headShift = useRef(snapshot.headShift);
  headShift.current = snapshot.headShift;
  useEffect(() => {
    client.setViewport({ first, count, follow, shiftBasis: headShift.current });
  }, [client, first, count, follow]);
  // Rows are keyed by their slot in the window (index modulo the window's length), not by
  // event: as the window moves (new events while following, scrolling) every slot keeps
  // its element and React rewrites its content in place instead of removing and creating
  // rows, which costs far less layout per update.
  const slots = Math.max(1, items.length);

  // Keep the newest row in view while following: once per change of the rows' height (a
  // scrollTop write forces a layout, so updates that only change the rows' content skip it).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    // Write-only (the browser clamps): reading scrollHeight here would force a layout too.
    if (follow && el !== null) el.scrollTop = grid.totalHeight;
  }, [follow, grid.totalHeight]);

  // Not following: rows evicted above moved everything up; move the view up with them.
  const seen = useRef({ version: snapshot.version, headShift: snapshot.headShift });
  useLayoutEffect(() => {
    const prev = seen.current;
    const el = scrollRef.current;
    const shift = snapshot.headShift - prev.headShift;
    if (!follow && el !== null && prev.version === snapshot.version && shift > 0) {
      el.scrollTop = Math.max(0, el.scrollTop - shift * ROW_HEIGHT);
    }
    seen.current = { version: snapshot.version, headShift: snapshot.headShift };
  }, [follow, snapshot]);

  const { scrollToIndex } = props;
  const scrollTo = grid.scrollToIndex;
  useLayoutEffect(() => {
    if (scrollToIndex !== undefined) scrollTo(scrollToIndex);
  }, [scrollToIndex, scrollTo]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (el === null) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 1.5;
    if (atBottom !== follow) setFollow(atBottom);
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="relative min-h-0 flex-1">
        <div
          ref={scrollRef}
          onScroll={onScroll}
          // contain:strict: per-update row changes never re-lay-out anything outside the grid.
          className="absolute inset-0 overflow-auto font-mono text-xs [contain:strict]"
          role="grid"
          aria-label="Events"
          aria-rowcount={snapshot.rowCount + 1}
          aria-colcount={visibleColumnCount}
          aria-readonly="true"
          tabIndex={0}
        >
          <HeaderRow table={table} width={totalWidth} onFit={fitColumn} />
          <div
            role="rowgroup"
            className="relative"
            // At least the columns' width (scrolls sideways), else the grid's: the last column
            // grows into what is left.
            style={{ height: grid.totalHeight, minWidth: totalWidth }}
          >
            {items.map((item) => {
              const entry = snapshot.rowAt(item.index);
              const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT };
              if (entry === undefined) {
                // Not in the worker's last answer yet (a fast scroll): a blank, busy row.
                return (
                  <div
                    key={item.index % slots}
                    role="row"
                    aria-rowindex={item.index + 2}
                    aria-busy="true"
                    className="absolute top-0 left-0 w-full"
                    style={style}
                  />
                );
              }
              if (entry.type === "gap") {
                return (
                  <GapRow
                    key={item.index % slots}
                    gap={entry}
                    rowIndex={item.index + 2}
                    colSpan={visibleColumnCount}
                    style={style}
                  />
                );
              }
              if (entry.type === "note") {
                return (
                  <NoteRow
                    key={item.index % slots}
                    note={entry}
                    rowIndex={item.index + 2}
                    colSpan={visibleColumnCount}
                    style={style}
                  />
                );
              }
              const row = rowsById.get(entryId(entry));
              if (row === undefined) return null;
              const selected = entry.row.key === selectedKey;
              return (
                <div
                  key={item.index % slots}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={selected}
                  data-seq={entry.row.seq}
                  onClick={() => {
                    props.onSelect(entry, true);
                  }}
                  className={cn(
                    "absolute top-0 left-0 flex w-full cursor-default items-center [contain:strict]",
                    selected
                      ? "bg-sky-200 dark:bg-sky-800"
                      : item.index % 2 === 1
                        ? "bg-slate-50 hover:bg-sky-50 dark:bg-slate-900 dark:hover:bg-slate-800"
                        : "bg-white hover:bg-sky-50 dark:bg-slate-950 dark:hover:bg-slate-800",
                  )}
                  style={style}
                >
                  {row.getVisibleCells().map((cell) => (
                    <div
                      key={cell.column.id}
                      role="gridcell"
                      data-col={cell.column.id}
                      title={cellTitle(cell.column.id, entry)}
                      className="truncate px-1.5"
                      style={columnStyle(cell.column.getSize(), cell.column.id === lastColumnId)}
                    >
                      <table.FlexRender cell={cell} />
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {/* Below the grid, not over it: a floating button hid the last row on screen. The grid
          shrinks from the bottom, so the rows the user reads do not move. */}
      {!follow && snapshot.rowCount > 0 && (
        <div className="flex justify-end border-t border-slate-200 px-3 py-1 dark:border-slate-800">
          <button
            type="button"
            onClick={() => {
              setFollow(true);
            }}
            className="rounded-full bg-sky-600 px-3 py-0.5 text-xs font-medium text-white shadow hover:bg-sky-700"
          >
            Jump to latest
          </button>
        </div>
      )}
    </div>
  );
}
