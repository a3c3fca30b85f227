/**
 * The Agents dialog's four calls to one agent through the gateway's read-only allow-list:
 * GetVersion, GetHealth, GetInfo, ListTracingPolicies. The gateway forwards a unary call to
 * the agent named in the `tetragon-agent` request header (its status address), so one client
 * serves every agent. Create it once, beside the other clients (src/app), never in render.
 *
 * Each call settles on its own into a CallResult, so one agent's failure (an exec-only cluster
 * agent answers Unimplemented for unary calls; a lost agent Unavailable) shows beside the
 * answers that did arrive instead of hiding them. A call the caller aborted rejects instead,
 * so a closed dialog never renders a stale "aborted" error.
 */
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { FineGuidanceSensors } from "../gen/tetragon/sensors_pb";
import {
  type AgentHealthView,
  type AgentInfoView,
  toAgentHealthView,
  toAgentInfoView,
} from "../decode/agent-info";
import { type TracingPolicyView, toTracingPolicyViews } from "../decode/tracing-policies";
import type { CallResult } from "../protocol/protocol";

/** The request header the gateway reads to pick the agent (server/routes/forward.ts). */
export const AGENT_HEADER = "tetragon-agent";

export type { CallResult };

export interface AgentInfoApi {
  version(agent: string, signal: AbortSignal): Promise<CallResult<string>>;
  health(agent: string, signal: AbortSignal): Promise<CallResult<AgentHealthView>>;
  info(agent: string, signal: AbortSignal): Promise<CallResult<AgentInfoView>>;
  policies(agent: string, signal: AbortSignal): Promise<CallResult<readonly TracingPolicyView[]>>;
}

/** One line a user can act on: the gRPC code's name and the message the gateway relayed. */
export function describeAgentCallError(error: unknown): string {
  if (error instanceof ConnectError) {
    const text = error.rawMessage === "" ? "" : `: ${error.rawMessage}`;
    return `${Code[error.code]}${text}`;
  }
  return error instanceof Error ? error.message : String(error);
}

async function settle<R, T>(
  signal: AbortSignal,
  call: () => Promise<R>,
  map: (res: R) => T,
): Promise<CallResult<T>> {
  try {
    return { ok: true, value: map(await call()) };
  } catch (error) {
    if (signal.aborted) throw error;
    return { ok: false, error: describeAgentCallError(error) };
  }
}

export function createAgentInfoApi(transport: Transport): AgentInfoApi {
  const client = createClient(FineGuidanceSensors, transport);
  const opts = (agent: string, signal: AbortSignal) => ({
    signal,
    headers: { [AGENT_HEADER]: agent },
  });
  return {
    version: (agent, signal) =>
      settle(
        signal,
        () => client.getVersion({}, opts(agent, signal)),
        (r) => r.version,
      ),
    health: (agent, signal) =>
      settle(signal, () => client.getHealth({}, opts(agent, signal)), toAgentHealthView),
    info: (agent, signal) =>
      settle(signal, () => client.getInfo({}, opts(agent, signal)), toAgentInfoView),
    policies: (agent, signal) =>
      settle(
        signal,
        () => client.listTracingPolicies({}, opts(agent, signal)),
        toTracingPolicyViews,
      ),
  };
}
