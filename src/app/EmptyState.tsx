/**
 * The table's empty states, over the grid (below its header row) so the table's layout does
 * not change: what is missing and the next step. emptyStateOf decides which one.
 */
import type { ReactNode } from "react";
import { useExternal } from "../hooks/use-external";
import { visibleText } from "../lib/text";
import type { FilterSpec } from "../filters/filter-spec";
import type { ViewClient } from "../view/worker-client";
import { emptyStateOf, type EmptyState as State } from "./empty-state";

const CODE = "rounded bg-slate-100 px-1 font-mono text-[11px] dark:bg-slate-800";

function Card(props: { title: string; children: ReactNode }) {
  return (
    <section
      aria-label={props.title}
      className="pointer-events-auto max-w-xl rounded border border-slate-200 bg-white p-4 text-sm shadow-sm dark:border-slate-700 dark:bg-slate-900"
    >
      <h2 className="mb-1 font-semibold">{props.title}</h2>
      <div className="space-y-2 text-slate-700 dark:text-slate-300">{props.children}</div>
    </section>
  );
}

function Body(props: { state: State; onClearFilters: () => void }) {
  const s = props.state;
  switch (s.type) {
    case "none":
      return null;
    case "connecting":
      return (
        <Card title="Connecting…">
          <p>Reaching the dashboard&apos;s gateway and the Tetragon agents behind it.</p>
        </Card>
      );
    case "no-agent":
      return (
        <Card title={s.gatewayDown ? "The gateway is not reachable" : "No agent reachable"}>
          {s.why !== "" && <p className="break-words whitespace-pre-wrap">{visibleText(s.why)}</p>}
          {s.gatewayDown ? (
            <p>
              Start the dashboard again (<code className={CODE}>npm start</code>); this page
              reconnects by itself.
            </p>
          ) : (
            <p>
              Start Tetragon, or give the dashboard its address:{" "}
              <code className={CODE}>npm start -- --tetragon HOST:54321</code>, or{" "}
              <code className={CODE}>npm start -- --kube</code> for every node of a cluster. To try
              the dashboard without Tetragon: <code className={CODE}>npm run demo</code>.
            </p>
          )}
        </Card>
      );
    case "waiting":
      return (
        <Card title="Waiting for the first event">
          <p>
            An agent is connected. Tetragon sends an event when a process starts or exits, or a
            tracing policy matches: run a command on a node, e.g.{" "}
            <code className={CODE}>kubectl exec … -- curl https://example.com</code>.
          </p>
        </Card>
      );
    case "no-match":
      return (
        <Card title="No events match the filters">
          <p>Events are held, but none passes every filter.</p>
          <button
            type="button"
            onClick={props.onClearFilters}
            className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
          >
            Clear filters
          </button>
        </Card>
      );
    case "cleared":
      return (
        <Card title="Cleared">
          <p>New events show here as they arrive.</p>
        </Card>
      );
  }
}

export function EmptyState(props: {
  client: ViewClient;
  filters: FilterSpec;
  onClearFilters: () => void;
}) {
  const { client } = props;
  const view = useExternal(client.view);
  const state = emptyStateOf({
    state: useExternal(client.connection),
    status: useExternal(client.status),
    counts: view.counts,
    rowCount: view.rowCount,
    filters: props.filters,
    current: view.version === view.errorsVersion,
  });
  if (state.type === "none") return null;
  return (
    // Below the grid's header row; only the card takes clicks.
    <div className="pointer-events-none absolute inset-x-0 top-8 bottom-0 z-10 flex items-start justify-center p-6">
      <Body state={state} onClearFilters={props.onClearFilters} />
    </div>
  );
}
