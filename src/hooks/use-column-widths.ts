/**
 * The user's column widths (TanStack's ColumnSizingState: column id -> px), remembered in
 * localStorage beside the default columns. Only widths the user set are stored; a column
 * without one uses its default `size` (src/table/columns.tsx). A stored value that is not a
 * known column or a sane width is dropped on read, so a bad entry never breaks the grid.
 */
import type { ColumnSizingState, Updater } from "@tanstack/react-table";
import { useCallback, useState } from "react";
import { isColumnId } from "../model/columns";
import { loadString, saveString } from "./local-settings";

export const COLUMN_WIDTHS_KEY = "tetragon-dashboard.column-widths";
const MAX_WIDTH = 4_000;

export function parseColumnWidths(saved: string | null): ColumnSizingState {
  const out: ColumnSizingState = {};
  if (saved === null) return out;
  let value: unknown;
  try {
    value = JSON.parse(saved);
  } catch {
    return out;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return out;
  for (const [id, width] of Object.entries(value)) {
    if (isColumnId(id) && typeof width === "number" && width > 0 && width <= MAX_WIDTH) {
      out[id] = Math.round(width);
    }
  }
  return out;
}

export function useColumnWidths(): [ColumnSizingState, (u: Updater<ColumnSizingState>) => void] {
  const [widths, setWidths] = useState(() => parseColumnWidths(loadString(COLUMN_WIDTHS_KEY)));
  const update = useCallback((u: Updater<ColumnSizingState>) => {
    setWidths((old) => {
      const next = typeof u === "function" ? u(old) : u;
      saveString(COLUMN_WIDTHS_KEY, JSON.stringify(next));
      return next;
    });
  }, []);
  return [widths, update];
}
