/** The top bar: product name, connection, live counters and controls. */
import type { ReactNode } from "react";
import { useExternal } from "../hooks/use-external";
import { formatCount } from "../lib/format-count";
import type { ViewClient } from "../view/worker-client";
import { CapacitySetting } from "./CapacitySetting";
import { Counters } from "./Counters";

const BTN =
  "rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

export function Header(props: {
  client: ViewClient;
  connection: ReactNode;
  settings: ReactNode;
  /** Extra controls after Pause/Clear (the Export menu). */
  tools?: ReactNode;
  onPauseToggle: () => void;
}) {
  const { client } = props;
  const { counts } = useExternal(client.view);
  return (
    <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-300 bg-slate-50 px-3 py-1.5 dark:border-slate-700 dark:bg-slate-900">
      <h1 className="text-sm font-semibold whitespace-nowrap">
        <span aria-hidden="true">🛰️ </span>Tetragon events
      </h1>
      {props.connection}
      <Counters counts={counts} />
      <div className="flex items-center gap-2">
        <button
          type="button"
          onClick={props.onPauseToggle}
          className={BTN}
          aria-pressed={counts.paused}
        >
          {counts.paused ? "Resume" : "Pause"}
        </button>
        {counts.paused && (
          <span className="text-xs font-medium text-amber-700 dark:text-amber-300" role="status">
            {formatCount(counts.pendingNew)} new
          </span>
        )}
        <button
          type="button"
          onClick={() => {
            client.clear();
          }}
          className={BTN}
        >
          Clear
        </button>
        {props.tools}
      </div>
      <div className="ml-auto flex items-center gap-3">
        <CapacitySetting
          // Until the worker's first update, the capacity this tab asked for.
          capacity={counts.capacity || client.requestedCapacity}
          onChange={(n) => {
            client.setCapacity(n);
          }}
        />
        {props.settings}
      </div>
    </header>
  );
}
