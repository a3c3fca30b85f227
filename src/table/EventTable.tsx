/**
 * The events table: column choice (from the URL view state) and sort state (App's, sent to
 * the worker with the filters) around the virtualized body, which subscribes to the view.
 */
import type { OnChangeFn, SortingState } from "@tanstack/react-table";
import { memo, useMemo } from "react";
import { useColumnWidths } from "../hooks/use-column-widths";
import { useExternal } from "../hooks/use-external";
import { COLUMN_IDS } from "../model/columns";
import type { ViewClient } from "../view/worker-client";
import type { Entry } from "./columns";
import { EventTableBody } from "./EventTableBody";

export interface EventTableProps {
  client: ViewClient;
  visibleColumns: readonly string[];
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  selectedKey: string | undefined;
  scrollToIndex: number | undefined;
  onSelect: (entry: Entry, open: boolean) => void;
}

/** Memoised: App re-renders on every keystroke in the filters; the table waits for the worker. */
export const EventTable = memo(function EventTable(props: EventTableProps) {
  const { client, visibleColumns } = props;
  // Subscribed here, not in App: an update re-renders the table, not the page.
  const snapshot = useExternal(client.view);
  const [columnSizing, setColumnSizing] = useColumnWidths();
  const columnVisibility = useMemo(() => {
    const map: Record<string, boolean> = {};
    for (const id of COLUMN_IDS) map[id] = visibleColumns.includes(id);
    return map;
  }, [visibleColumns]);
  return (
    <EventTableBody
      client={client}
      snapshot={snapshot}
      columnVisibility={columnVisibility}
      columnSizing={columnSizing}
      onColumnSizingChange={setColumnSizing}
      sorting={props.sorting}
      onSortingChange={props.onSortingChange}
      selectedKey={props.selectedKey}
      scrollToIndex={props.scrollToIndex}
      onSelect={props.onSelect}
    />
  );
});
