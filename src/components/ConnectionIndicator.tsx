/**
 * Connection state as data, rendered (connection-summary.ts decides the words): "Live" only
 * while an agent streams; the browser's own stream (connecting / reconnecting in N s with the
 * reason / stopped); the gateway up with no agent; and, when the gateway reports several
 * agents or any agent is not connected, one line per agent, with every reason in full under
 * "Why?".
 */
import { useEffect, useState } from "react";
import { cn } from "../lib/cn";
import { visibleText } from "../lib/text";
import type { AgentStatusView, ConnectionState, StatusSnapshot } from "../protocol/protocol";
import { connectionSummary } from "./connection-summary";

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = window.setInterval(() => {
      setNow(Date.now());
    }, 500);
    return () => {
      window.clearInterval(id);
    };
  }, [active]);
  return now;
}

const DOT: Record<string, string> = {
  live: "bg-emerald-500",
  connected: "bg-emerald-500",
  connecting: "bg-sky-500 animate-pulse",
  reconnecting: "bg-amber-500 animate-pulse",
  warning: "bg-amber-500",
  idle: "bg-slate-400",
  stopped: "bg-rose-600",
  error: "bg-rose-600",
  unknown: "bg-slate-400",
};

function agentText(a: AgentStatusView): string {
  const name = a.nodeName || a.address;
  // Cluster mode: which pod, and whether through port-forward or exec.
  const via =
    a.pod !== undefined && a.pod !== ""
      ? ` [pod ${a.pod.split("/").pop() ?? a.pod}${a.transport ? ` via ${a.transport}` : ""}]`
      : "";
  const retry = a.state === "reconnecting" ? ` (retry in ${Math.ceil(a.retryInMs / 1000)} s)` : "";
  const reason = a.reason !== "" && a.state !== "connected" ? `: ${a.reason}` : "";
  return `${name}${via}: ${a.state}${retry}${reason}`;
}

/** The tooltip: the reason, and why this transport (cluster mode). */
function agentTitle(a: AgentStatusView): string {
  return [a.reason, a.transportReason ?? ""].filter((t) => t !== "").join(" — ");
}

export function ConnectionIndicator(props: { state: ConnectionState; status: StatusSnapshot }) {
  const { state, status } = props;
  const now = useNow(state.phase === "reconnecting");
  const summary = connectionSummary(state, status, now);
  const showAgents = status.agents.length > 1 || status.agents.some((a) => a.state !== "connected");
  return (
    <div role="status" aria-label="Connection" className="flex min-w-0 flex-col text-xs">
      <span className="flex items-center gap-1.5" data-tone={summary.tone}>
        <span
          aria-hidden="true"
          className={cn("size-2 shrink-0 rounded-full", DOT[summary.tone])}
        />
        <span className="truncate">{visibleText(summary.text)}</span>
      </span>
      {showAgents && (
        <ul aria-label="Agents" className="text-slate-600 dark:text-slate-300">
          {status.agents.map((a) => (
            <li
              key={a.address}
              className="flex items-center gap-1.5"
              title={visibleText(agentTitle(a))}
            >
              <span
                aria-hidden="true"
                className={cn("size-1.5 shrink-0 rounded-full", DOT[a.state])}
              />
              <span className="truncate">{visibleText(agentText(a))}</span>
            </li>
          ))}
        </ul>
      )}
      {summary.detail !== "" && (
        // The reasons in full: the lines above are cut to fit the header.
        <details className="max-w-[40rem] text-slate-700 dark:text-slate-200">
          <summary className="cursor-pointer select-none">Why?</summary>
          <p className="break-words whitespace-pre-wrap">{visibleText(summary.detail)}</p>
        </details>
      )}
      {status.error !== "" && (
        <span className="text-rose-700 dark:text-rose-300">
          Status unavailable: {visibleText(status.error)}
        </span>
      )}
    </div>
  );
}
