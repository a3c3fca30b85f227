/**
 * What the connection indicator says, from the worker's stream state and the gateway's
 * per-agent status. "Live" means events can arrive: the page's stream to the gateway is up
 * AND at least one agent streams to the gateway. A gateway that is up with no agent is its
 * own state, with every agent's reason in full (the indicator shows it on demand).
 */
import type { AgentStatusView, ConnectionState, StatusSnapshot } from "../protocol/protocol";

export type SummaryTone = "live" | "connecting" | "warning" | "error" | "idle";

export interface ConnectionSummary {
  readonly tone: SummaryTone;
  /** One short line. */
  readonly text: string;
  /** The reasons in full ("" when there is nothing to explain). */
  readonly detail: string;
}

function agentName(a: AgentStatusView): string {
  return a.nodeName !== "" ? `${a.nodeName} (${a.address})` : a.address;
}

/** Every agent that does not stream, with its reason in full. */
export function agentReasons(agents: readonly AgentStatusView[]): string {
  return agents
    .filter((a) => a.state !== "connected")
    .map((a) => {
      const why = [a.reason, a.transportReason ?? ""].filter((t) => t !== "").join(" — ");
      return `${agentName(a)}: ${a.state}${why === "" ? "" : `. ${why}`}`;
    })
    .join("\n");
}

export function connectionSummary(
  state: ConnectionState,
  status: StatusSnapshot,
  now: number,
): ConnectionSummary {
  switch (state.phase) {
    case "idle":
      return { tone: "idle", text: "Idle", detail: "" };
    case "connecting":
      return { tone: "connecting", text: "Connecting…", detail: "" };
    case "reconnecting": {
      const s = Math.max(0, Math.ceil((state.retryAtMs - now) / 1000));
      return {
        tone: "warning",
        text: `Reconnecting in ${String(s)} s (attempt ${String(state.attempt)}): ${state.reason}`,
        detail: state.reason,
      };
    }
    case "stopped":
      return { tone: "error", text: `Stopped: ${state.reason}`, detail: state.reason };
    case "live":
      break;
  }
  const agents = status.agents;
  if (agents.some((a) => a.state === "connected")) {
    return { tone: "live", text: "Live", detail: agentReasons(agents) };
  }
  if (agents.length > 0) {
    return {
      tone: "warning",
      text: "Gateway up, no agent streaming",
      detail: agentReasons(agents),
    };
  }
  if (status.error !== "") {
    return { tone: "warning", text: "Gateway up, agent status unknown", detail: status.error };
  }
  return { tone: "connecting", text: "Gateway up, checking agents…", detail: "" };
}
