/**
 * The page: header, filters, the table and the detail pane, wired to the services created
 * once in services.ts. App itself does not subscribe to the event store: the header, the
 * table body and the detail bridge do, so a frame commit re-renders only them. State ownership: the buffer in the EventStore; filters, selection and
 * columns in the URL (useViewState); theme and capacity in localStorage; the rest local.
 */
import { useCallback, useRef } from "react";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { ConnectionIndicator } from "../components/ConnectionIndicator";
import { SelectedDetails } from "../detail/SelectedDetails";
import { hideThis, onlyThis, type ClickField } from "../filters/click-to-filter";
import { FilterBar } from "../filters/FilterBar";
import { EMPTY_FILTERS } from "../filters/filter-spec";
import { useExternal } from "../hooks/use-external";
import { useSelection } from "../hooks/use-selection";
import { useShortcuts } from "../hooks/use-shortcuts";
import { useStoreFilter } from "../hooks/use-store-filter";
import { useTheme } from "../hooks/use-theme";
import { useViewState } from "../hooks/use-view-state";
import { ColumnMenu } from "../table/ColumnMenu";
import { DEFAULT_COLUMNS, type Entry } from "../table/columns";
import { EventTable } from "../table/EventTable";
import { ExportMenu } from "./ExportMenu";
import { Header } from "./Header";
import { useServices } from "./services-context";
import { ThemeToggle } from "./ThemeToggle";

export function App() {
  const { store, connection, poller, gatewayWarning } = useServices();
  const connectionState = useExternal(connection.state);
  const status = useExternal(poller.status);
  const theme = useTheme();
  const { view, setFilters, setSelected, setColumns } = useViewState();
  const compiled = useStoreFilter(store, view.filters);
  const selection = useSelection(store, view.selected, setSelected);
  const searchRef = useRef<HTMLInputElement>(null);
  const { setDetailsOpen } = selection;

  const togglePause = useCallback(() => {
    store.setPaused(!store.getSnapshot().paused);
  }, [store]);

  useShortcuts({
    focusSearch: () => searchRef.current?.focus(),
    move: selection.move,
    open: () => {
      if (view.selected !== undefined) setDetailsOpen(true);
    },
    close: () => {
      setDetailsOpen(false);
    },
    togglePause,
  });

  const onSelect = useCallback(
    (entry: Entry, open: boolean) => {
      if (entry.type !== "event") return;
      setSelected(entry.row.key);
      if (open) setDetailsOpen(true);
    },
    [setSelected, setDetailsOpen],
  );

  const onFilter = useCallback(
    (mode: "only" | "hide", field: ClickField, value: string) => {
      setFilters((f) => (mode === "only" ? onlyThis(f, field, value) : hideThis(f, field, value)));
    },
    [setFilters],
  );

  const closeDetails = useCallback(() => {
    setDetailsOpen(false);
  }, [setDetailsOpen]);

  const visibleColumns = view.columns ?? DEFAULT_COLUMNS;

  return (
    <div className="flex h-screen flex-col bg-white text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <Header
        store={store}
        connection={<ConnectionIndicator state={connectionState} status={status} />}
        settings={<ThemeToggle choice={theme.choice} onChange={theme.setChoice} />}
        tools={<ExportMenu store={store} columns={visibleColumns} />}
        onPauseToggle={togglePause}
      />
      {gatewayWarning !== "" && (
        <p role="alert" className="bg-amber-100 px-3 py-1 text-xs text-amber-900">
          {gatewayWarning}
        </p>
      )}
      <div className="flex items-start gap-2 pr-3">
        <div className="min-w-0 flex-1">
          <FilterBar
            ref={searchRef}
            filters={view.filters}
            errors={compiled.errors}
            onChange={(field, value) => {
              setFilters((f) => ({ ...f, [field]: value }));
            }}
            onClear={() => {
              setFilters(() => EMPTY_FILTERS);
            }}
          />
        </div>
        <div className="pt-5">
          <ColumnMenu visible={visibleColumns} onChange={setColumns} />
        </div>
      </div>
      <div className="flex min-h-0 flex-1">
        <main className="flex min-w-0 flex-1 flex-col">
          <ErrorBoundary what="The event table">
            <EventTable
              store={store}
              visibleColumns={visibleColumns}
              selectedKey={view.selected}
              scrollToIndex={selection.scrollToIndex}
              onSelect={onSelect}
            />
          </ErrorBoundary>
        </main>
        {selection.detailsOpen && view.selected !== undefined && (
          <ErrorBoundary what="The event details">
            <SelectedDetails
              store={store}
              selectedKey={view.selected}
              onClose={closeDetails}
              onFilter={onFilter}
            />
          </ErrorBoundary>
        )}
      </div>
    </div>
  );
}
