/** The top bar: product name, connection, counters and the live controls. */
import type { ReactNode } from "react";
import type { StoreSnapshot } from "../stream/event-store";

export function Header(props: {
  snapshot: StoreSnapshot<unknown>;
  connection: ReactNode;
  counters: ReactNode;
  settings: ReactNode;
  onPauseToggle: () => void;
  onClear: () => void;
}) {
  const { snapshot } = props;
  const btn =
    "rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";
  return (
    <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-300 bg-slate-50 px-3 py-1.5 dark:border-slate-700 dark:bg-slate-900">
      <h1 className="text-sm font-semibold whitespace-nowrap">
        <span aria-hidden="true">🛰️ </span>Tetragon events
      </h1>
      {props.connection}
      {props.counters}
      <div className="flex items-center gap-2">
        <button
          type="button"
          onClick={props.onPauseToggle}
          className={btn}
          aria-pressed={snapshot.paused}
        >
          {snapshot.paused ? "Resume" : "Pause"}
        </button>
        {snapshot.paused && (
          <span className="text-xs font-medium text-amber-700 dark:text-amber-300" role="status">
            {snapshot.pendingNew.toLocaleString("en-US")} new
          </span>
        )}
        <button type="button" onClick={props.onClear} className={btn}>
          Clear
        </button>
      </div>
      <div className="ml-auto flex items-center gap-3">{props.settings}</div>
    </header>
  );
}
