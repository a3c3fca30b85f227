/**
 * The events table: column choice (from the URL view state) and sort (local; default arrival
 * order) around the virtualized body. Sorting is applied by the store over the whole buffer,
 * so the body only ever renders the visible window.
 */
import type { SortingState, Updater } from "@tanstack/react-table";
import { useEffect, useMemo, useState } from "react";
import type { RawEvent } from "../api/clients";
import { useExternal } from "../hooks/use-external";
import type { EventStore } from "../stream/event-store";
import { COLUMN_IDS, comparatorFor, isColumnId, type Entry } from "./columns";
import { EventTableBody } from "./EventTableBody";

export interface EventTableProps {
  store: EventStore<RawEvent>;
  visibleColumns: readonly string[];
  selectedKey: string | undefined;
  scrollToIndex: number | undefined;
  onSelect: (entry: Entry, open: boolean) => void;
}

export function EventTable(props: EventTableProps) {
  const { store, visibleColumns } = props;
  // Subscribed here, not in App: a frame commit re-renders the table, not the page.
  const snapshot = useExternal(store);
  const [sorting, setSorting] = useState<SortingState>([]);
  const columnVisibility = useMemo(() => {
    const map: Record<string, boolean> = {};
    for (const id of COLUMN_IDS) map[id] = visibleColumns.includes(id);
    return map;
  }, [visibleColumns]);

  useEffect(() => {
    const first = sorting[0];
    store.setSort(
      first !== undefined && isColumnId(first.id) ? comparatorFor(first.id, first.desc) : null,
    );
  }, [store, sorting]);

  const onSortingChange = (updater: Updater<SortingState>) => {
    setSorting((old) => (typeof updater === "function" ? updater(old) : updater));
  };

  return (
    <EventTableBody
      snapshot={snapshot}
      columnVisibility={columnVisibility}
      sorting={sorting}
      onSortingChange={onSortingChange}
      selectedKey={props.selectedKey}
      scrollToIndex={props.scrollToIndex}
      onSelect={props.onSelect}
    />
  );
}
