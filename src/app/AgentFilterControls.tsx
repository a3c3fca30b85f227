/**
 * The header's agent filter: the "Agent filter" button and panel, the filter in force (the
 * ingest worker's, so the same in every tab: the last one applied from any tab wins), and
 * its `af` URL param, rewritten whenever the worker reports a change so reloads and shared
 * links carry it.
 *
 * The panel, the summary and the one-click actions validate and encode with src/tetra (RE2,
 * CEL, protobuf): they are loaded with import() only once the tab needs them (the button is
 * clicked, or a filter is in force), never at start: held by every open tab, that code and
 * the schemas it builds were ~4 MB of each tab's heap (half its memory). The worker
 * validates again before anything reaches the agents.
 */
import { lazy, Suspense, useEffect, useState } from "react";
import { isNoAgentFilter } from "../tetra/agent-filter";
import type { AgentClickField } from "../tetra/agent-filter-actions";
import type { FilterSpec } from "../filters/filter-spec";
import { agentFilterParamUrl } from "../filters/url";
import { useExternal } from "../hooks/use-external";
import type { ViewClient } from "../view/worker-client";

const AgentFilterPanel = lazy(() =>
  import("../filters/AgentFilterPanel").then((m) => ({ default: m.AgentFilterPanel })),
);
const ActiveAgentFilter = lazy(() =>
  import("../filters/ActiveAgentFilter").then((m) => ({ default: m.ActiveAgentFilter })),
);

/** "Only this / Hide this … at the agent": the agent filter in force, changed by one value. */
export async function filterAtAgent(
  client: ViewClient,
  mode: "only" | "hide",
  field: AgentClickField,
  value: string,
): Promise<void> {
  const { onlyAtAgent, hideAtAgent } = await import("../tetra/agent-filter-actions");
  const lists = client.agentFilter.getSnapshot().lists;
  client.setAgentFilter(
    mode === "only" ? onlyAtAgent(lists, field, value) : hideAtAgent(lists, field, value),
  );
}

export function AgentFilterControls(props: { client: ViewClient; viewFilters: FilterSpec }) {
  const { client, viewFilters } = props;
  const state = useExternal(client.agentFilter);
  const known = state.version >= 0;
  const active = !isNoAgentFilter(state.lists);
  // Once loaded, the panel stays mounted (an open editor keeps its draft whatever happens).
  const [opened, setOpened] = useState(false);
  const [loaded, setLoaded] = useState(active);
  if (active && !loaded) setLoaded(true);

  useEffect(() => {
    // Only once the worker has said what is in force: before that the URL's own `af` is
    // the request this tab made.
    if (!known) return;
    const url = agentFilterParamUrl(state.param, window.location);
    const current = `${window.location.pathname}${window.location.search}${window.location.hash}`;
    if (url !== current) window.history.replaceState(window.history.state, "", url);
  }, [known, state.param]);

  return (
    <div className="flex min-w-0 items-center gap-2">
      {loaded || opened ? (
        <Suspense fallback={<AgentFilterButton loading />}>
          <AgentFilterPanel
            value={state.lists}
            viewFilters={viewFilters}
            openOnMount={opened}
            onApply={(lists) => {
              client.setAgentFilter(lists);
            }}
          />
          {active && <ActiveAgentFilter value={state.lists} />}
        </Suspense>
      ) : (
        <AgentFilterButton
          onOpen={() => {
            setOpened(true);
          }}
        />
      )}
      {state.error !== "" && (
        <p role="alert" className="max-w-[30rem] truncate text-xs text-rose-700 dark:text-rose-300">
          {state.error}
        </p>
      )}
    </div>
  );
}

/**
 * The button before the panel's code is loaded: opening it loads the panel, which then
 * shows itself open. Same look as the panel's own button (no filter in force: no dot).
 */
function AgentFilterButton(props: { loading?: boolean; onOpen?: () => void }) {
  return (
    <button
      type="button"
      aria-expanded={props.loading === true}
      aria-busy={props.loading === true}
      disabled={props.loading === true}
      title="Filters the agents apply before sending: less traffic, and the buffer keeps only what you want"
      onClick={props.onOpen}
      className="rounded border border-slate-300 px-2 py-0.5 text-xs enabled:hover:bg-slate-100 disabled:opacity-40 dark:border-slate-600 dark:enabled:hover:bg-slate-800"
    >
      Agent filter
    </button>
  );
}
