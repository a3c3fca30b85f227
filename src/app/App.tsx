/**
 * The page: header, filters, the table and the detail pane, wired to the ingest worker's
 * client created once in services.ts. App itself does not subscribe to the view's updates:
 * the header, the table body and the detail bridge do, so an update re-renders only them.
 * State ownership: the events, the filtering and sorting in the ingest worker; filters,
 * selection and columns in the URL (useViewState); the sort column locally; theme and
 * capacity in localStorage; the followed process (the process tree) locally
 * (useProcessFollow), its tree computed by the worker.
 */
import type { SortingState, Updater } from "@tanstack/react-table";
import { lazy, Suspense, useCallback, useMemo, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { AgentsButton } from "../agents/AgentsButton";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { ConnectionIndicator } from "../components/ConnectionIndicator";
import type { FilterTarget } from "../detail/FilterActions";
import { SelectedDetails } from "../detail/SelectedDetails";
import { exactPattern, hideThis, onlyThis, type ClickField } from "../filters/click-to-filter";
import { FilterBar } from "../filters/FilterBar";
import { EMPTY_FILTERS, FILTER_FIELDS } from "../filters/filter-spec";
import { useExternal } from "../hooks/use-external";
import { useProcessFollow } from "../hooks/use-process-follow";
import { useSelection } from "../hooks/use-selection";
import { useShortcuts } from "../hooks/use-shortcuts";
import { useTheme } from "../hooks/use-theme";
import { useKeptFilters, useViewSpec } from "../hooks/use-view-spec";
import { useViewState } from "../hooks/use-view-state";
import { DEFAULT_COLUMNS, isColumnId, type ColumnId } from "../model/columns";
import type { SortSpec } from "../protocol/protocol";
import { ColumnMenu } from "../table/ColumnMenu";
import type { Entry } from "../table/columns";
import { EventTable } from "../table/EventTable";
import { AgentFilterControls, filterAtAgent } from "./AgentFilterControls";
import { EmptyState } from "./EmptyState";
import { CountsStrip } from "./CountsStrip";
import { ExportMenu } from "./ExportMenu";
import { FileSourceStatus } from "./FileSourceStatus";
import { cn } from "../lib/cn";
import { ShortcutHelp } from "./ShortcutHelp";
import { Header } from "./Header";
import { OpenLogButton, useLogFileDrop } from "./OpenLog";
import { useServices } from "./services-context";
import { ThemeToggle } from "./ThemeToggle";

// Loaded when a process is first followed: the page's first load stays small.
const ProcessPanel = lazy(() =>
  import("../process/ProcessPanel").then((m) => ({ default: m.ProcessPanel })),
);

function sortSpecOf(sorting: SortingState): SortSpec | null {
  const first = sorting[0];
  return first !== undefined && isColumnId(first.id)
    ? { column: first.id, desc: first.desc }
    : null;
}

export function App() {
  const { client, agentInfo, gatewayWarning } = useServices();
  const connectionState = useExternal(client.connection);
  const status = useExternal(client.status);
  const theme = useTheme();
  const { view, setFilters, setSelected, setColumns } = useViewState();
  const [sorting, setSorting] = useState<SortingState>([]);
  const sort = useMemo(() => sortSpecOf(sorting), [sorting]);
  const errors = useViewSpec(client, view.filters, sort);
  const kept = useKeptFilters(client);
  const selection = useSelection(client, view.selected, setSelected);
  const searchRef = useRef<HTMLInputElement>(null);
  const { setDetailsOpen } = selection;
  const [helpOpen, setHelpOpen] = useState(false);
  // Narrow screens (<= 480 px) show the filters behind a button; wider ones always show them.
  const [filtersOpen, setFiltersOpen] = useState(false);
  const selectAndOpen = useCallback(
    (key: string) => {
      setSelected(key);
      setDetailsOpen(true);
    },
    [setSelected, setDetailsOpen],
  );
  const processFollow = useProcessFollow(client, view.selected, selectAndOpen);
  const [openRefused, setOpenRefused] = useState("");
  const drop = useLogFileDrop(client, setOpenRefused);

  const togglePause = useCallback(() => {
    client.setPaused(!client.paused);
  }, [client]);

  useShortcuts({
    focusSearch: () => {
      // Collapsed on a narrow screen the field is display:none and cannot take focus yet.
      flushSync(() => {
        setFiltersOpen(true);
      });
      searchRef.current?.focus();
    },
    move: selection.move,
    open: () => {
      if (view.selected !== undefined) setDetailsOpen(true);
    },
    close: () => {
      setDetailsOpen(false);
    },
    togglePause,
    parent: processFollow.selectParent,
    help: () => {
      setHelpOpen(true);
    },
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
    (mode: "only" | "hide", field: ClickField, value: string, target?: FilterTarget) => {
      if (target === "agent") {
        void filterAtAgent(client, mode, field, value);
        return;
      }
      setFilters((f) => (mode === "only" ? onlyThis(f, field, value) : hideThis(f, field, value)));
    },
    [client, setFilters],
  );

  const clearFilters = useCallback(() => {
    setFilters(() => EMPTY_FILTERS);
  }, [setFilters]);
  const onPolicyFilter = useCallback(
    (name: string) => {
      setFilters((f) => ({ ...f, policy: exactPattern(name) }));
    },
    [setFilters],
  );

  const closeDetails = useCallback(() => {
    setDetailsOpen(false);
  }, [setDetailsOpen]);

  const onSortingChange = useCallback((updater: Updater<SortingState>) => {
    setSorting((old) => (typeof updater === "function" ? updater(old) : updater));
  }, []);

  const visibleColumns: readonly ColumnId[] = view.columns?.filter(isColumnId) ?? DEFAULT_COLUMNS;

  return (
    <div className="flex h-screen flex-col bg-white text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <Header
        client={client}
        connection={<ConnectionIndicator state={connectionState} status={status} />}
        settings={
          <>
            <ThemeToggle choice={theme.choice} onChange={theme.setChoice} />
            <button
              type="button"
              onClick={() => {
                setHelpOpen(true);
              }}
              aria-label="Keyboard shortcuts"
              title="Keyboard shortcuts (?)"
              className="rounded border border-slate-300 px-1.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
            >
              ?
            </button>
          </>
        }
        tools={
          <>
            <OpenLogButton client={client} onRefused={setOpenRefused} />
            <ExportMenu client={client} columns={visibleColumns} />
            <AgentFilterControls client={client} viewFilters={view.filters} />
            <AgentsButton
              agents={status.agents}
              statusError={status.error}
              api={agentInfo}
              onPolicyFilter={onPolicyFilter}
              className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
            />
          </>
        }
        onPauseToggle={togglePause}
      />
      {gatewayWarning !== "" && (
        <p role="alert" className="bg-amber-100 px-3 py-1 text-xs text-amber-900">
          {gatewayWarning}
        </p>
      )}
      <FileSourceStatus client={client} refused={openRefused} />
      <div className="flex flex-wrap items-start gap-2 pr-3">
        <button
          type="button"
          aria-expanded={filtersOpen}
          onClick={() => {
            setFiltersOpen((o) => !o);
          }}
          className="mt-2 ml-3 hidden rounded border border-slate-300 px-2 py-1 text-xs max-[480px]:block dark:border-slate-600"
        >
          Filters{FILTER_FIELDS.some((f) => view.filters[f] !== "") ? " (active)" : ""}
        </button>
        <div
          className={cn(
            "min-w-0 flex-1 max-[480px]:order-last max-[480px]:basis-full",
            !filtersOpen && "max-[480px]:hidden",
          )}
        >
          <FilterBar
            ref={searchRef}
            filters={view.filters}
            errors={errors}
            kept={kept}
            onChange={(field, value) => {
              setFilters((f) => ({ ...f, [field]: value }));
            }}
            onClear={clearFilters}
          />
        </div>
        <div className="pt-5 max-[480px]:ml-auto max-[480px]:pt-2">
          <ColumnMenu visible={visibleColumns} onChange={setColumns} />
        </div>
      </div>
      <ErrorBoundary what="The counts strip">
        <CountsStrip
          client={client}
          onFilter={(field, value) => {
            onFilter("only", field, value);
          }}
        />
      </ErrorBoundary>
      <div className="flex min-h-0 flex-1">
        <main
          className={`flex min-w-0 flex-1 flex-col ${drop.over ? "ring-2 ring-sky-500 ring-inset" : ""}`}
          {...drop.handlers}
        >
          {/* The table and, over it when it has no rows, its empty state. */}
          <div className="relative flex min-h-0 flex-1 flex-col">
            <ErrorBoundary what="The event table">
              <EventTable
                client={client}
                visibleColumns={visibleColumns}
                sorting={sorting}
                onSortingChange={onSortingChange}
                selectedKey={view.selected}
                scrollToIndex={selection.scrollToIndex}
                onSelect={onSelect}
              />
            </ErrorBoundary>
            <EmptyState client={client} filters={view.filters} onClearFilters={clearFilters} />
          </div>
          {processFollow.target !== null && (
            <ErrorBoundary what="The process tree">
              <Suspense fallback={null}>
                <ProcessPanel
                  client={client}
                  target={processFollow.target}
                  selectedKey={view.selected}
                  onSelectProcess={processFollow.selectProcess}
                  onSelectEvent={selectAndOpen}
                  onClose={processFollow.close}
                />
              </Suspense>
            </ErrorBoundary>
          )}
        </main>
        {selection.detailsOpen && view.selected !== undefined && (
          <ErrorBoundary what="The event details">
            <SelectedDetails
              client={client}
              selectedKey={view.selected}
              onClose={closeDetails}
              onFilter={onFilter}
              onFollowProcess={processFollow.follow}
              onGoTo={processFollow.goTo}
              back={processFollow.back}
            />
          </ErrorBoundary>
        )}
      </div>
      <ShortcutHelp
        open={helpOpen}
        onClose={() => {
          setHelpOpen(false);
        }}
      />
    </div>
  );
}
