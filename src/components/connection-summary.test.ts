import { describe, expect, it } from "vitest";
import type { AgentStatusView } from "../protocol/protocol";
import { connectionSummary } from "./connection-summary";

const agent = (over: Partial<AgentStatusView>): AgentStatusView => ({
  address: "127.0.0.1:1",
  nodeName: "",
  state: "reconnecting",
  reason: "Tetragon not reachable at 127.0.0.1:1 (ECONNREFUSED). " + "x".repeat(300),
  retryInMs: 1000,
  attempt: 3,
  eventsPerSec: 0,
  gaps: [],
  ...over,
});
const live = { phase: "live", sinceMs: 0 } as const;

describe("connectionSummary", () => {
  it("says Live only while at least one agent streams", () => {
    const s = connectionSummary(
      live,
      { agents: [agent({}), agent({ address: "b", state: "connected", reason: "" })], error: "" },
      0,
    );
    expect(s).toMatchObject({ tone: "live", text: "Live" });
    expect(s.detail).toContain("127.0.0.1:1: reconnecting. Tetragon not reachable");
  });

  it("the gateway up with no agent streaming is its own state, with the reason in full", () => {
    const a = agent({});
    const s = connectionSummary(live, { agents: [a], error: "" }, 0);
    expect(s.tone).toBe("warning");
    expect(s.text).toBe("Gateway up, no agent streaming");
    expect(s.text).not.toContain("Live");
    expect(s.detail).toContain(a.reason);
  });

  it("before the first status, and when status fails, it does not claim Live", () => {
    expect(connectionSummary(live, { agents: [], error: "" }, 0).text).not.toContain("Live");
    const failed = connectionSummary(live, { agents: [], error: "GetStatus: 503" }, 0);
    expect(failed).toMatchObject({ tone: "warning", detail: "GetStatus: 503" });
  });

  it("the page's own stream states keep their reason", () => {
    const r = connectionSummary(
      { phase: "reconnecting", attempt: 2, delayMs: 4000, retryAtMs: 4000, reason: "offline" },
      { agents: [], error: "" },
      0,
    );
    expect(r.text).toBe("Reconnecting in 4 s (attempt 2): offline");
    expect(r.detail).toBe("offline");
  });
});
