/**
 * The "Agents" dialog: every agent the gateway reports, each with its connection state and,
 * fetched when the dialog opens, its version, health, configuration and tracing policies.
 * A modal <dialog> in browsers (focus stays inside, Escape closes); the caller owns whether it
 * is open (AgentsButton does). Clicking a policy calls onPolicyFilter(name).
 */
import { useEffect, useId, useRef } from "react";
import type { AgentInfoApi } from "../ingest/agent-info-client";
import { AgentCard } from "./AgentCard";

/**
 * One agent as the gateway's GetStatus reports it. AgentStatusView (src/stream/types.ts) is
 * assignable to it; `lastError`, `pod` and `transport` show when the status carries them.
 */
export interface AgentEntry {
  /** The agent's name in the gateway (its --tetragon address or cluster display name). */
  readonly address: string;
  readonly nodeName: string;
  readonly state: string;
  readonly reason: string;
  readonly eventsPerSec: number;
  readonly lastError?: string;
  readonly pod?: string;
  readonly transport?: string;
}

export interface AgentsDialogProps {
  agents: readonly AgentEntry[];
  /** Why the last status poll failed, "" when it worked. */
  statusError?: string;
  api: AgentInfoApi;
  onPolicyFilter: (policyName: string) => void;
  onClose: () => void;
}

export function AgentsDialog(props: AgentsDialogProps) {
  const { agents, onClose } = props;
  const titleId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    // showModal gives the focus trap and the top layer; environments without it (jsdom)
    // get a plain open dialog.
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    closeButton.current?.focus();
    return () => {
      if (typeof dialog.close === "function") dialog.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          onClose();
        }
      }}
      className="m-auto max-h-[90vh] w-[56rem] max-w-[95vw] overflow-auto rounded-lg border border-slate-300 bg-white p-0 text-sm text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
    >
      <div className="sticky top-0 flex items-center gap-2 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-950">
        <h2 id={titleId} className="flex-1 text-base font-semibold">
          Agents
        </h2>
        <button
          ref={closeButton}
          type="button"
          onClick={onClose}
          aria-label="Close agents"
          className="rounded px-2 text-lg leading-none hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          ×
        </button>
      </div>
      <div className="flex flex-col gap-3 px-4 py-3">
        {props.statusError !== undefined && props.statusError !== "" && (
          <p role="alert" className="text-red-700 dark:text-red-300">
            The gateway's status is not up to date: {props.statusError}
          </p>
        )}
        {agents.length === 0 ? (
          <p className="text-slate-600 dark:text-slate-400">
            The gateway has not reported any agent yet.
          </p>
        ) : (
          <ul className="flex flex-col gap-3">
            {agents.map((a) => (
              <li key={a.address}>
                <AgentCard agent={a} api={props.api} onPolicyFilter={props.onPolicyFilter} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </dialog>
  );
}
