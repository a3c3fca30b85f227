/**
 * The Agents dialog's AgentInfoApi on the page: each call is a message to the ingest worker,
 * which makes the real gRPC-Web call (src/ingest/agent-calls.ts) and answers with plain data.
 * Same contract as createAgentInfoApi: every failure settles into a CallResult; an abort
 * rejects.
 */
import type { AgentInfoApi } from "../ingest/agent-info-client";
import type { AgentCall, AgentCallAnswer, AgentCallValues, CallResult } from "../protocol/protocol";
import type { ViewClient } from "./worker-client";

async function call<K extends AgentCall>(
  client: ViewClient,
  name: K,
  agent: string,
  signal: AbortSignal,
): Promise<CallResult<AgentCallValues[K]>> {
  const answer: AgentCallAnswer = await client.agentCall(agent, name, signal);
  if (answer.call !== name) return { ok: false, error: `the worker answered ${answer.call}` };
  return answer.result as CallResult<AgentCallValues[K]>;
}

export function agentInfoThroughWorker(client: ViewClient): AgentInfoApi {
  return {
    version: (agent, signal) => call(client, "version", agent, signal),
    health: (agent, signal) => call(client, "health", agent, signal),
    info: (agent, signal) => call(client, "info", agent, signal),
    policies: (agent, signal) => call(client, "policies", agent, signal),
  };
}
