/**
 * The selected process's own events (exec, kprobes, tracepoints, lsm, exit) in time order,
 * each with its hook (kprobe function, tracepoint...) when it has one,
 * as the lookups return them, beside the tree. With `onSelectEvent`, each row is a button
 * that selects that event in the table. Text only.
 */
import { KindBadge } from "../components/KindBadge";
import { cn } from "../lib/cn";
import { formatCount } from "../lib/format-count";
import { visibleText } from "../lib/text";
import { formatClock } from "../lib/time";
import type { Bounded, ProcessEventItem } from "../model/process-tree";

export interface ProcessEventsProps {
  events: Bounded<ProcessEventItem>;
  /** The event shown in the detail pane, marked in the list. */
  selectedSeq?: number | undefined;
  onSelectEvent?: (seq: number) => void;
}

const SUMMARY_MAX = 200;

export function ProcessEvents({ events, selectedSeq, onSelectEvent }: ProcessEventsProps) {
  const more = events.total - events.items.length;
  return (
    <div className="text-xs">
      {events.items.length === 0 ? (
        <p className="text-slate-500 dark:text-slate-400">
          No events of this process are in the buffer.
        </p>
      ) : (
        <ol aria-label="Process events" className="flex flex-col gap-0.5">
          {events.items.map((e) => {
            const body = (
              <>
                <span className="shrink-0 font-mono text-slate-500 dark:text-slate-400">
                  {formatClock(e.timeMs)}
                </span>
                <KindBadge row={e} />
                {e.functionName !== "" && (
                  <span className="shrink-0 font-mono text-slate-600 dark:text-slate-300">
                    {visibleText(e.functionName, 64)}
                  </span>
                )}
                <span className="min-w-0 truncate font-mono">
                  {visibleText(e.summary, SUMMARY_MAX)}
                </span>
              </>
            );
            const row = cn(
              "flex w-full items-center gap-2 rounded px-1 py-0.5 text-left",
              e.seq === selectedSeq && "bg-sky-100 dark:bg-sky-900/60",
            );
            return (
              <li key={e.seq} aria-current={e.seq === selectedSeq ? "true" : undefined}>
                {onSelectEvent === undefined ? (
                  <div className={row}>{body}</div>
                ) : (
                  <button
                    type="button"
                    className={cn(row, "hover:bg-slate-100 dark:hover:bg-slate-800")}
                    onClick={() => {
                      onSelectEvent(e.seq);
                    }}
                  >
                    {body}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {more > 0 && (
        <p className="mt-1 text-slate-500 dark:text-slate-400">
          … {formatCount(more)} more events of this process not listed
        </p>
      )}
    </div>
  );
}
