/**
 * The Agents dialog's calls, made by the ingest worker for its tabs: the page may not load
 * connect or protobuf-es (ESLint), so it asks with an `agentCall` message and the worker calls
 * the agent through the gateway's read-only allow-list (agent-info-client.ts, on the worker's
 * transport) and answers with plain data.
 *
 * State: the calls in flight per tab, each with its AbortController. Invariants: a call is
 * answered exactly once unless it was cancelled (`agentCallCancel`, or the tab left), in which
 * case it is aborted and never answered; a failure is an answer (CallResult), not silence.
 */
import type { AgentCall, AgentCallAnswer, ToPage } from "../protocol/protocol.js";
import type { AgentInfoApi } from "./agent-info-client.js";
import type { PortLike } from "./port.js";

export class AgentCalls {
  private readonly inFlight = new Map<PortLike, Map<number, AbortController>>();

  constructor(private readonly api: AgentInfoApi) {}

  start(port: PortLike, id: number, agent: string, call: AgentCall): void {
    const abort = new AbortController();
    const calls = this.inFlight.get(port) ?? new Map<number, AbortController>();
    this.inFlight.set(port, calls);
    calls.get(id)?.abort();
    calls.set(id, abort);
    this.answer(agent, call, abort.signal).then(
      (answer) => {
        if (abort.signal.aborted) return;
        calls.delete(id);
        const message: ToPage = { type: "agentCall", id, answer };
        port.postMessage(message);
      },
      () => {
        // Rejected only when aborted (settle() turns every other failure into a result).
        calls.delete(id);
      },
    );
  }

  cancel(port: PortLike, id: number): void {
    const calls = this.inFlight.get(port);
    calls?.get(id)?.abort();
    calls?.delete(id);
  }

  /** The tab left: abort everything it asked for. */
  disconnect(port: PortLike): void {
    for (const abort of this.inFlight.get(port)?.values() ?? []) abort.abort();
    this.inFlight.delete(port);
  }

  private async answer(
    agent: string,
    call: AgentCall,
    signal: AbortSignal,
  ): Promise<AgentCallAnswer> {
    switch (call) {
      case "version":
        return { call, result: await this.api.version(agent, signal) };
      case "health":
        return { call, result: await this.api.health(agent, signal) };
      case "info":
        return { call, result: await this.api.info(agent, signal) };
      case "policies":
        return { call, result: await this.api.policies(agent, signal) };
    }
  }
}
