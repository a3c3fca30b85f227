/**
 * Fit-to-content for a double-click on a header's edge: the widest of the column's cells on
 * screen (and its header), measured by the browser. Only drawn rows exist (the grid is
 * windowed), which is what "fit what I am looking at" means; the worker is not asked.
 *
 * Each cell is laid out once at `max-content` width: its text, padding and badge as they
 * would be without truncation (middle-ellipsis cells keep the full name in the DOM, so they
 * measure whole). All writes, then all reads, then all restores: one layout, not one per cell.
 */

/** Widest fit, so one 1 MiB argument list does not make a column a screen wide. */
const MAX_FIT = 900;

export function fitWidth(cells: readonly HTMLElement[], min: number): number | undefined {
  if (cells.length === 0) return undefined;
  // The inline style as React wrote it, restored whole: restoring single properties would
  // lose longhands a shorthand reset (setting `flex` clears React's `flex-shrink`).
  const saved = cells.map((el) => el.style.cssText);
  for (const el of cells) {
    el.style.width = "max-content";
    el.style.flex = "none";
    el.style.minWidth = "0";
  }
  const widest = Math.max(...cells.map((el) => el.getBoundingClientRect().width));
  cells.forEach((el, i) => {
    el.style.cssText = saved[i] ?? "";
  });
  return Math.min(MAX_FIT, Math.max(min, Math.ceil(widest) + 2));
}

/** The header and drawn cells of column `id` inside `grid`. */
export function columnCells(grid: HTMLElement, id: string): HTMLElement[] {
  return Array.from(grid.querySelectorAll<HTMLElement>(`[data-col="${CSS.escape(id)}"]`));
}
