import { describe, expect, it } from "vitest";
import { EMPTY_FILTERS } from "../filters/filter-spec";
import type { AgentStatusView, Counts } from "../protocol/protocol";
import { emptyStateOf, type EmptyStateInput } from "./empty-state";

const counts = (over: Partial<Counts> = {}): Counts => ({
  received: 0,
  shown: 0,
  evicted: 0,
  dropped: 0,
  eventsPerSec: 0,
  paused: false,
  pendingNew: 0,
  counting: false,
  capacity: 1000,
  size: 0,
  ...over,
});
const agent = (state: AgentStatusView["state"], reason = ""): AgentStatusView => ({
  address: "127.0.0.1:1",
  nodeName: "",
  state,
  reason,
  retryInMs: 0,
  attempt: 1,
  eventsPerSec: 0,
  gaps: [],
});
const base: EmptyStateInput = {
  state: { phase: "live", sinceMs: 0 },
  status: { agents: [agent("connected")], error: "" },
  counts: counts(),
  rowCount: 0,
  filters: EMPTY_FILTERS,
  current: true,
};

describe("emptyStateOf", () => {
  it("no state while there are rows, or while the worker is still filtering", () => {
    expect(emptyStateOf({ ...base, rowCount: 3 }).type).toBe("none");
    expect(emptyStateOf({ ...base, current: false }).type).toBe("none");
  });

  it("no agent reachable: the reason in full", () => {
    const why = "Tetragon not reachable at 127.0.0.1:1 (ECONNREFUSED).";
    const s = emptyStateOf({
      ...base,
      status: { agents: [agent("reconnecting", why)], error: "" },
    });
    expect(s).toEqual({
      type: "no-agent",
      why: `127.0.0.1:1: reconnecting. ${why}`,
      gatewayDown: false,
    });
    const down = emptyStateOf({
      ...base,
      state: { phase: "reconnecting", attempt: 1, delayMs: 1, retryAtMs: 1, reason: "offline" },
    });
    expect(down).toEqual({ type: "no-agent", why: "offline", gatewayDown: true });
  });

  it("an agent connected and nothing received: waiting for the first event", () => {
    expect(emptyStateOf(base).type).toBe("waiting");
  });

  it("events held, none passing the filters: no match (with Clear filters)", () => {
    const held = { ...base, counts: counts({ received: 9, size: 9 }) };
    expect(emptyStateOf({ ...held, filters: { ...EMPTY_FILTERS, pod: "^nope$" } }).type).toBe(
      "no-match",
    );
    expect(emptyStateOf(held).type).toBe("cleared");
  });
});
