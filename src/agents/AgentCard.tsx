/**
 * One agent in the Agents dialog: what the gateway says of it (node, address or pod,
 * transport, state, events/s, reason and last error), then what the agent says of itself
 * (version, health, configuration, tracing policies), each part loading and failing on its
 * own. Every string may come from the agent or the network: text only, through visibleText.
 */
import { type ReactNode, useState } from "react";
import type { AgentInfoApi } from "../ingest/agent-info-client";
import { cn } from "../lib/cn";
import { visibleText } from "../lib/text";
import type { AgentHealthView } from "../decode/agent-info";
import { AgentInfoSection } from "./AgentInfoSection";
import type { AgentEntry } from "./AgentsDialog";
import { PolicyList } from "./PolicyList";
import { type Loadable, useAgentDetails } from "./use-agent-details";

const STATE_CLASS: Record<string, string> = {
  connected: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-200",
  idle: "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100",
  connecting: "bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-200",
  reconnecting: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
  stopped: "bg-red-100 text-red-900 dark:bg-red-900/50 dark:text-red-200",
};
const HEALTH_CLASS: Record<AgentHealthView["state"], string> = {
  running: "text-emerald-700 dark:text-emerald-300",
  stopped: "text-amber-700 dark:text-amber-300",
  error: "text-red-700 dark:text-red-300",
  unknown: "text-slate-600 dark:text-slate-400",
};

/** One fetched part: "loading…", the failure in words, or the content. */
function Part<T>(props: { method: string; value: Loadable<T>; children: (v: T) => ReactNode }) {
  const v = props.value;
  if (v.ok === "loading") {
    return <p className="text-slate-500 dark:text-slate-400">{props.method}: loading…</p>;
  }
  if (!v.ok) {
    return (
      <p className="text-red-700 dark:text-red-300">
        {props.method} failed: {visibleText(v.error, 500)}
      </p>
    );
  }
  return <>{props.children(v.value)}</>;
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500 dark:text-slate-400">{props.label}</dt>
      <dd className="min-w-0 break-words">{props.children}</dd>
    </>
  );
}

export function AgentCard(props: {
  agent: AgentEntry;
  api: AgentInfoApi;
  onPolicyFilter: (policyName: string) => void;
}) {
  const { agent } = props;
  const [reload, setReload] = useState(0);
  const details = useAgentDetails(props.api, agent.address, reload);
  const title = agent.nodeName !== "" ? agent.nodeName : agent.address;
  const lastError = agent.lastError ?? "";
  return (
    <section
      aria-label={`Agent ${visibleText(title, 200)}`}
      className="rounded border border-slate-200 p-3 dark:border-slate-800"
    >
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h3 className="font-semibold">{visibleText(title, 200)}</h3>
        <span
          className={cn(
            "rounded px-1.5 text-xs leading-5",
            STATE_CLASS[agent.state] ?? STATE_CLASS["idle"],
          )}
        >
          {visibleText(agent.state, 40)}
        </span>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {agent.eventsPerSec.toFixed(1)} events/s
        </span>
        <button
          type="button"
          className="ml-auto rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
          onClick={() => {
            setReload((n) => n + 1);
          }}
        >
          Reload details
        </button>
      </div>
      <dl className="mb-2 grid grid-cols-[10rem_1fr] gap-x-3 gap-y-0.5 text-xs">
        <Fact label="Address">{visibleText(agent.address, 300)}</Fact>
        {agent.pod !== undefined && agent.pod !== "" && (
          <Fact label="Pod">{visibleText(agent.pod, 300)}</Fact>
        )}
        {agent.transport !== undefined && agent.transport !== "" && (
          <Fact label="Transport">{visibleText(agent.transport, 100)}</Fact>
        )}
        {agent.reason !== "" && <Fact label="Reason">{visibleText(agent.reason, 500)}</Fact>}
        {lastError !== "" && <Fact label="Last error">{visibleText(lastError, 500)}</Fact>}
        <Fact label="Version">
          <Part method="GetVersion" value={details.version}>
            {(v) => visibleText(v || "(empty)", 100)}
          </Part>
        </Fact>
        <Fact label="Health">
          <Part method="GetHealth" value={details.health}>
            {(h) => (
              <span className={HEALTH_CLASS[h.state]}>
                {h.state}
                {h.details.length > 0 && `: ${visibleText(h.details.join("; "), 300)}`}
              </span>
            )}
          </Part>
        </Fact>
      </dl>
      <Part method="GetInfo" value={details.info}>
        {(info) => <AgentInfoSection info={info} />}
      </Part>
      <Part method="ListTracingPolicies" value={details.policies}>
        {(policies) => <PolicyList policies={policies} onPolicyFilter={props.onPolicyFilter} />}
      </Part>
    </section>
  );
}
