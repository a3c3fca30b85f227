/**
 * Which rows of the grid are on screen, for rows of one fixed height, with
 * `@tanstack/react-virtual` virtualising *blocks* of rows rather than rows.
 *
 * Why blocks: the virtualizer keeps a measurement per item and recomputes every item's offset
 * whenever the count changes (getMeasurements restarts at item 0 unless one was measured).
 * With one item per event and the ingest worker's 500,000-1,000,000 rows, that was 8-16 MB
 * per tab and, measured with 400,000 rows at 5,000 events/s, 15 % of the main thread: the
 * per-row, per-update page work this design removes. With one item per BLOCK_ROWS rows the
 * virtualizer's work and memory are 1/BLOCK_ROWS of that (8,000 items at 500,000 rows), and
 * it still does what it is for: it watches the scroll element (offset, size), says which
 * blocks intersect the viewport, re-renders the grid only when that set changes (not per
 * scroll event), and scrolls to an offset.
 *
 * The blocks all have the virtualizer's fixed size (the last one may be partly empty): the
 * total height is the rows' own (`rowCount * rowHeight`), so rows arriving never make the
 * virtualizer re-measure. Rows are those of the blocks in view, plus one block each side.
 *
 * Data flow: scroll / resize of the scroll element -> the virtualizer's block range ->
 * the rows of those blocks, each with its offset.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, type RefObject } from "react";

/** Rows per virtualised block: a block is about a screen of rows at the grid's row height. */
export const BLOCK_ROWS = 16;
/** Blocks drawn beyond those in view, each side. */
const OVERSCAN_BLOCKS = 1;

export interface WindowRow {
  readonly index: number;
  /** Offset from the top of the rows, in px. */
  readonly start: number;
}

export interface RowWindow {
  readonly rows: readonly WindowRow[];
  /**
   * How many rows a window holds at this height (overscan included), wherever it is; 0 before
   * the grid has been measured.
   */
  readonly capacity: number;
  readonly totalHeight: number;
  /**
   * Rows that fit the viewport (a partly shown row at each edge included); 0 before the grid
   * has been measured. Following, only these are drawn: the window's other rows are off screen.
   */
  readonly viewportRows: number;
  /** Brings row `index` into view, scrolling as little as possible. */
  readonly scrollToIndex: (index: number) => void;
}

export function useRowWindow(
  scrollRef: RefObject<HTMLElement | null>,
  rowCount: number,
  rowHeight: number,
): RowWindow {
  const blockHeight = BLOCK_ROWS * rowHeight;
  const virtualizer = useVirtualizer({
    count: Math.ceil(rowCount / BLOCK_ROWS),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => blockHeight,
    overscan: OVERSCAN_BLOCKS,
  });

  const scrollToIndex = useCallback(
    (index: number) => {
      const el = scrollRef.current;
      if (el === null) return;
      const top = index * rowHeight;
      if (top < el.scrollTop) virtualizer.scrollToOffset(top);
      else if (top + rowHeight > el.scrollTop + el.clientHeight)
        virtualizer.scrollToOffset(top + rowHeight - el.clientHeight);
    },
    [scrollRef, rowHeight, virtualizer],
  );

  const rows: WindowRow[] = [];
  for (const block of virtualizer.getVirtualItems()) {
    const end = Math.min(rowCount, (block.index + 1) * BLOCK_ROWS);
    for (let i = block.index * BLOCK_ROWS; i < end; i++) {
      rows.push({ index: i, start: i * rowHeight });
    }
  }
  const height = virtualizer.scrollRect?.height ?? 0;
  const capacity =
    height > 0 ? (Math.ceil(height / blockHeight) + 1 + 2 * OVERSCAN_BLOCKS) * BLOCK_ROWS : 0;
  const viewportRows = height > 0 ? Math.ceil(height / rowHeight) + 1 : 0;
  return { rows, capacity, viewportRows, totalHeight: rowCount * rowHeight, scrollToIndex };
}
