import { describe, expect, it } from "vitest";
import { createDashboardApi } from "../api/clients";
import { describeError } from "../api/errors";
import { FakeClock } from "../testing/fake-clock";
import { createFakeGateway, statusWithGap } from "../testing/fake-transport";
import { StatusPoller } from "./status-poller";
import type { Gap } from "../protocol/protocol";

describe("StatusPoller", () => {
  it("maps agent status and reports each ended gap once", async () => {
    const clock = new FakeClock(10_000);
    const gateway = createFakeGateway([]);
    const api = createDashboardApi(gateway.transport);
    const gaps: Gap[] = [];
    const poller = new StatusPoller({
      clock,
      fetchStatus: (signal) => api.getStatus(signal),
      onGap: (g) => gaps.push(g),
      describeError,
    });
    // A gap that ended before the page started is not ours to show.
    gateway.setStatus(statusWithGap("10.0.0.1:54321", "", 1_000, 2_000));
    await poller.poll();
    expect(gaps).toEqual([]);
    expect(poller.status.getSnapshot().agents[0]).toMatchObject({
      address: "10.0.0.1:54321",
      state: "connected",
    });

    gateway.setStatus(statusWithGap("10.0.0.1:54321", "worker-1", 11_000, 12_500));
    await poller.poll();
    await poller.poll();
    expect(gaps).toEqual([
      {
        startMs: 11_000,
        endMs: 12_500,
        node: "worker-1",
        reason: "agent restarted",
        source: "agent",
      },
    ]);
    // The next poll is scheduled on the injected clock.
    expect(clock.pendingTimers).toBe(1);
    poller.stop();
    expect(clock.pendingTimers).toBe(0);
  });
});
