/**
 * The URL-owned view state (filters, selected event, visible columns) as React state.
 * Read once from location.search at start; every change is written back with
 * history.replaceState through filters/url.ts, so reload and shared links restore the view.
 * Columns fall back to the localStorage default when the URL names none.
 */
import { useCallback, useEffect, useState } from "react";
import type { FilterSpec } from "../filters/filter-spec";
import { readViewState, viewStateUrl, type ViewState } from "../filters/url";
import { loadString, saveString } from "./local-settings";

const COLUMNS_KEY = "tetragon-dashboard.columns";

function initialState(): ViewState {
  const fromUrl = readViewState(window.location.search);
  if (fromUrl.columns !== undefined) return fromUrl;
  const saved = loadString(COLUMNS_KEY);
  if (saved === null) return fromUrl;
  const columns = readViewState(`?cols=${encodeURIComponent(saved)}`).columns;
  return { ...fromUrl, columns };
}

export interface ViewStateApi {
  view: ViewState;
  setFilters: (update: (f: FilterSpec) => FilterSpec) => void;
  setSelected: (key: string | undefined) => void;
  setColumns: (columns: readonly string[]) => void;
}

export function useViewState(): ViewStateApi {
  const [view, setView] = useState<ViewState>(initialState);
  useEffect(() => {
    const url = viewStateUrl(view, window.location);
    const current = `${window.location.pathname}${window.location.search}${window.location.hash}`;
    if (url !== current) window.history.replaceState(window.history.state, "", url);
  }, [view]);
  const setFilters = useCallback((update: (f: FilterSpec) => FilterSpec) => {
    setView((v) => ({ ...v, filters: update(v.filters) }));
  }, []);
  const setSelected = useCallback((selected: string | undefined) => {
    setView((v) => (v.selected === selected ? v : { ...v, selected }));
  }, []);
  const setColumns = useCallback((columns: readonly string[]) => {
    saveString(COLUMNS_KEY, columns.join(","));
    setView((v) => ({ ...v, columns }));
  }, []);
  return { view, setFilters, setSelected, setColumns };
}
