/**
 * "Follow process": the tree around one process (ancestors, the process, its children) and
 * the process's own events beside it, both computed by the ingest worker over its buffer
 * (src/ingest/process-answer.ts) and asked for through useProcess. Clicking a tree node or
 * an event hands the choice up (App selects the event, or re-centres the tree); the panel
 * keeps no state of its own beyond what the tree component folds. Text only.
 */
import { useExternal } from "../hooks/use-external";
import { useProcess } from "../hooks/use-process";
import { visibleText } from "../lib/text";
import type { ProcessTarget } from "../protocol/protocol";
import type { ViewClient } from "../view/worker-client";
import { ProcessEvents } from "./ProcessEvents";
import { ProcessTree } from "./ProcessTree";

export interface ProcessPanelProps {
  client: ViewClient;
  target: ProcessTarget;
  /** The event in the detail pane, marked in the event list. */
  selectedKey: string | undefined;
  onSelectProcess: (execId: string) => void;
  onSelectEvent: (key: string) => void;
  onClose: () => void;
}

const HEADING = "text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400";

export function ProcessPanel(props: ProcessPanelProps) {
  const { client, target } = props;
  const received = useExternal(client.view).counts.received;
  const answer = useProcess(client, target, received);
  const result = answer?.result;
  return (
    <section
      aria-label="Process view"
      className="flex h-[40%] min-h-48 shrink-0 flex-col border-t border-slate-300 dark:border-slate-700"
    >
      <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-1 dark:border-slate-800">
        <h2 className="text-sm font-semibold">Process tree</h2>
        {result?.found === true && (
          <span className="text-xs text-slate-500 dark:text-slate-400">
            {result.tree.ancestorSource === "event"
              ? "ancestors as the agent sent them"
              : "ancestors found by exec_id in the buffer"}
          </span>
        )}
        <button
          type="button"
          onClick={props.onClose}
          aria-label="Close process tree"
          className="ml-auto rounded px-2 text-lg leading-none hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          ×
        </button>
      </div>
      {result === undefined ? (
        <p className="px-3 py-2 text-xs text-slate-500">Building the process tree…</p>
      ) : !result.found ? (
        <p role="status" className="px-3 py-2 text-xs">
          {visibleText(result.reason)}
        </p>
      ) : (
        <div className="grid min-h-0 flex-1 grid-cols-[3fr_2fr] gap-3 px-3 py-2">
          <div className="min-h-0 overflow-auto">
            <ProcessTree tree={result.tree} onSelectProcess={props.onSelectProcess} />
          </div>
          <div className="min-h-0 overflow-auto">
            <h3 className={HEADING}>Events of this process</h3>
            <ProcessEvents
              events={result.events}
              selectedSeq={result.events.items.find((e) => e.key === props.selectedKey)?.seq}
              onSelectEvent={(seq) => {
                const picked = result.events.items.find((e) => e.seq === seq);
                if (picked !== undefined) props.onSelectEvent(picked.key);
              }}
            />
          </div>
        </div>
      )}
    </section>
  );
}
