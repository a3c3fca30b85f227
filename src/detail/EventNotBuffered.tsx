/**
 * The detail pane when the selected event (a `?sel=` link, or a row since evicted) is not in
 * the buffer: the worker's `detail` answered not-found. Says so instead of showing nothing;
 * the pane fills in by itself if the event arrives (SelectedDetails keeps asking).
 */
import { visibleText } from "../lib/text";

export function EventNotBuffered(props: { selectedKey: string; onClose: () => void }) {
  return (
    <aside
      aria-label="Event details"
      className="flex w-[30rem] max-w-[45vw] shrink-0 flex-col border-l border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-950"
    >
      <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <h2 className="min-w-0 flex-1 truncate text-xs font-semibold">Event not in the buffer</h2>
        <button
          type="button"
          onClick={props.onClose}
          aria-label="Close details"
          className="rounded px-2 text-lg leading-none hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          ×
        </button>
      </div>
      <p role="status" className="px-3 py-2 text-xs text-slate-700 dark:text-slate-300">
        The selected event ({visibleText(props.selectedKey, 64)}) is not among the events this
        dashboard holds: it left the buffer, or arrived before this dashboard started. It shows here
        if it arrives again. A larger Buffer keeps events longer.
      </p>
    </aside>
  );
}
