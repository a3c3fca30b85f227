/**
 * Loads one agent's version, health, info and policies while its card is shown. The four
 * calls run in parallel and each part shows as soon as it settles ("loading" until then).
 * Changing `agent` or `reload` starts over; unmounting aborts the calls in flight, whose
 * rejections are then ignored (CallResult carries every other failure).
 */
import { useEffect, useState } from "react";
import type { AgentInfoApi, CallResult } from "../ingest/agent-info-client";
import type { AgentHealthView, AgentInfoView } from "../decode/agent-info";
import type { TracingPolicyView } from "../decode/tracing-policies";

export type Loadable<T> = { readonly ok: "loading" } | CallResult<T>;

export interface AgentDetails {
  readonly version: Loadable<string>;
  readonly health: Loadable<AgentHealthView>;
  readonly info: Loadable<AgentInfoView>;
  readonly policies: Loadable<readonly TracingPolicyView[]>;
}

const LOADING: AgentDetails = {
  version: { ok: "loading" },
  health: { ok: "loading" },
  info: { ok: "loading" },
  policies: { ok: "loading" },
};

export function useAgentDetails(api: AgentInfoApi, agent: string, reload: number): AgentDetails {
  const [state, setState] = useState<{ key: string; details: AgentDetails }>({
    key: "",
    details: LOADING,
  });
  const key = `${String(reload)}\u0000${agent}`;

  useEffect(() => {
    const abort = new AbortController();
    const part = <K extends keyof AgentDetails>(name: K, call: Promise<AgentDetails[K]>) => {
      call.then(
        (result) => {
          setState((prev) => ({
            key,
            details: { ...(prev.key === key ? prev.details : LOADING), [name]: result },
          }));
        },
        () => undefined, // aborted: this card is gone or shows another agent now
      );
    };
    part("version", api.version(agent, abort.signal));
    part("health", api.health(agent, abort.signal));
    part("info", api.info(agent, abort.signal));
    part("policies", api.policies(agent, abort.signal));
    return () => {
      abort.abort();
    };
  }, [api, agent, key]);

  // A stale state (other agent or before a reload) reads as loading, never as this agent's.
  return state.key === key ? state.details : LOADING;
}
