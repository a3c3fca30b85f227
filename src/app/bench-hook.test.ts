// @vitest-environment jsdom
/**
 * The ?bench=1 hook reports what the benchmark's probes read (docs/PERFORMANCE.md, "The
 * ?bench=1 contract") and changes nothing the store does. jsdom: the hook reads the URL and
 * defines window.__tetragonBench, which a window holds once, so only one test installs it.
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../testing/fake-clock";
import { fakeRow } from "../testing/rows";
import { EventStore } from "../stream/event-store";
import { type BenchCounters, benchEnabled, installBenchHook } from "./bench-hook";

describe("bench hook", () => {
  it("is on only with ?bench=1", () => {
    expect(benchEnabled("?bench=1")).toBe(true);
    expect(benchEnabled("?bench=0")).toBe(false);
    expect(benchEnabled("?pod=x")).toBe(false);
  });

  it("counts gaps, notices, drops and filter results, and leaves the store's behaviour alone", () => {
    window.history.replaceState(null, "", "/?bench=1&pod=xwing");
    const clock = new FakeClock();
    const store = new EventStore<string>({ clock, frames: clock, capacity: 100 });
    const observe = installBenchHook(store);
    const hook = (window as unknown as { __tetragonBench: BenchCounters }).__tetragonBench;
    expect(Object.isFrozen(hook)).toBe(true);
    expect(hook.filterShown.pod).toBe("xwing");

    // pids 1, 2, 5 (3 and 4 lost), a drop notice, then a new stream starting at 1.
    const rows = [
      fakeRow(1, { pid: 1 }),
      fakeRow(2, { pid: 2 }),
      fakeRow(3, { pid: 5 }),
      fakeRow(4, { kind: "rate_limit_info", pid: undefined }),
      fakeRow(5, { pid: 1 }),
    ];
    observe(rows);
    store.ingest(rows.map((row) => ({ row, raw: "" })));
    // As the ingest client does: 7 drops reported upstream, then the worker's `lost` notice.
    store.noteDropped(7);
    store.noteDropped(40);
    store.addGap({
      startMs: 0,
      endMs: 1,
      node: "",
      reason: "behind",
      source: "browser",
      dropped: 40,
    });
    store.addGap({ startMs: 1, endMs: 2, node: "n", reason: "agent down", source: "agent" });
    clock.flushFrames();

    expect(hook.received).toBe(5);
    expect(hook.dropNotices).toBe(1);
    expect(hook.missing).toBe(2);
    expect(hook.resets).toBe(1);
    expect(hook.size).toBe(7); // 5 events and 2 gap rows
    expect(hook.droppedBehind).toBe(40);
    expect(hook.droppedReported).toBe(7);
    expect(store.getSnapshot().dropped).toBe(47);

    const before = hook.filterApplied;
    window.history.replaceState(null, "", "/?bench=1&bin=curl");
    store.setFilter((row) => row.binary.includes("curl"));
    expect(hook.filterApplied).toBe(before + 1);
    expect(hook.filterShown).toMatchObject({ pod: "", binary: "curl" });
    // The wrapped setFilter still filters: even seqs are curl in fakeRow.
    expect(store.getSnapshot().shown).toBe(2);
  });
});
