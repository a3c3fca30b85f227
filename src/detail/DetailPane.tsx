/**
 * The detail pane for the selected event: the event's own data, process, pod (labels as
 * chips), parent and ancestors via the model's describe* helpers; the process's privilege
 * badges; "Follow process" (the process tree); for an exit, the matching exec looked up in
 * the buffer by exec_id, the process lifetime and "Go to exec" (and "Back to exit" from
 * there); the raw JSON.
 */
import { formatLocalDateTime } from "../lib/time";
import { visibleText } from "../lib/text";
import { KindBadge } from "../components/KindBadge";
import { PrivilegeBadges } from "../components/PrivilegeBadges";
import type { RowView } from "../model/row";
import type { DetailResult } from "../protocol/protocol";
import { DetailList } from "./DetailList";
import { FilterActions, type OnFilterClick } from "./FilterActions";
import { LongText } from "./LongText";
import { RawJson } from "./RawJson";

export interface DetailPaneProps {
  /** The event as the worker described it (decoded in full there). */
  detail: Extract<DetailResult, { found: true }>;
  onClose: () => void;
  onFilter: OnFilterClick;
  /** Opens the process tree of this event's process. */
  onFollowProcess: (key: string) => void;
  /** Selects another event (an exit's exec). */
  onGoTo: (key: string, from: RowView) => void;
  /** Set when this event was reached by "Go to exec": goes back there. */
  back?: { readonly label: string; readonly go: () => void } | undefined;
}

const ACTION =
  "rounded border border-slate-300 px-1.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

function lifetime(exec: RowView, exit: RowView): string {
  const ms = exit.timeMs - exec.timeMs;
  if (!Number.isFinite(ms) || ms < 0) return "";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(3)} s`;
}

export function DetailPane(props: DetailPaneProps) {
  const { detail, onClose, onFilter } = props;
  const { row, exec, sections, ancestry: chain } = detail;
  return (
    <aside
      aria-label="Event details"
      // <= 480 px: a full-screen sheet over the table (a side column would be 175 px wide).
      className="flex w-[30rem] max-w-[45vw] shrink-0 flex-col border-l border-slate-300 bg-white max-[480px]:fixed max-[480px]:inset-0 max-[480px]:z-30 max-[480px]:w-full max-[480px]:max-w-none max-[480px]:border-l-0 dark:border-slate-700 dark:bg-slate-950"
    >
      <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <KindBadge row={row} />
        <h2
          className="min-w-0 flex-1 truncate font-mono text-xs"
          title={visibleText(row.summary, 2_000)}
        >
          {visibleText(row.summary)}
        </h2>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close details"
          className="rounded px-2 text-lg leading-none hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          ×
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-auto px-3 py-2">
        <p className="mb-2 font-mono text-xs text-slate-500 dark:text-slate-400">
          {visibleText(row.time || formatLocalDateTime(row.timeMs))}
        </p>
        {detail.badges.length > 0 && (
          <div className="mb-2">
            <PrivilegeBadges badges={detail.badges} />
          </div>
        )}
        <div className="mb-2 flex flex-wrap gap-2">
          {row.execId !== "" && (
            <button
              type="button"
              className={ACTION}
              onClick={() => {
                props.onFollowProcess(row.key);
              }}
            >
              Follow process
            </button>
          )}
          {row.kind === "exit" && exec !== undefined && (
            <button
              type="button"
              className={ACTION}
              onClick={() => {
                props.onGoTo(exec.key, row);
              }}
            >
              Go to exec
            </button>
          )}
          {props.back !== undefined && (
            <button type="button" className={ACTION} onClick={props.back.go}>
              {props.back.label}
            </button>
          )}
        </div>
        <FilterActions row={row} onFilter={onFilter} />
        {row.labels.length > 0 && (
          <section className="mb-3">
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
              Pod labels
            </h3>
            <ul className="flex flex-wrap gap-1" aria-label="Pod labels">
              {row.labels.map((label) => (
                <li
                  key={label}
                  className="max-w-full rounded-full bg-indigo-100 px-2 font-mono text-[11px] break-all text-indigo-900 dark:bg-indigo-900/60 dark:text-indigo-100"
                >
                  {visibleText(label, 256)}
                </li>
              ))}
            </ul>
          </section>
        )}
        {row.kind === "exit" && (
          <section className="mb-3 text-xs">
            <h3 className="mb-1 font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
              Process lifetime
            </h3>
            {exec === undefined ? (
              <p>The matching exec is no longer (or not yet) in the buffer.</p>
            ) : (
              <p className="font-mono">
                exec at {formatLocalDateTime(exec.timeMs)}, exit at{" "}
                {formatLocalDateTime(row.timeMs)}, lived {lifetime(exec, row)}
                {row.exitStatus !== "" && `, status ${visibleText(row.exitStatus)}`}
              </p>
            )}
          </section>
        )}
        {sections.map((section) => (
          <DetailList key={section.title} section={section} />
        ))}
        {chain.length > 0 && (
          <section className="mb-3">
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
              Ancestry
            </h3>
            <ol className="font-mono text-xs">
              {chain.map((line, i) => (
                <li key={`${i}-${line}`} style={{ paddingLeft: `${i}rem` }}>
                  ↳ <LongText text={line} />
                </li>
              ))}
            </ol>
          </section>
        )}
        {detail.error !== "" && (
          <p role="alert" className="mb-3 text-xs text-rose-700 dark:text-rose-300">
            This event could not be decoded: {visibleText(detail.error)}
          </p>
        )}
        <RawJson json={detail.json} pretty={detail.pretty} />
      </div>
    </aside>
  );
}
