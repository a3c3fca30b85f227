import { describe, expect, it } from "vitest";
import type { EventRow } from "../model/event-row";
import { FakeClock } from "../testing/fake-clock";
import { fakeRow } from "../testing/rows";
import { EventStore, type StoreSnapshot } from "./event-store";
import type { BufferEntry } from "./types";

function setup(capacity = 5) {
  const clock = new FakeClock();
  const store = new EventStore<string>({ clock, frames: clock, capacity });
  const ingest = (...seqs: number[]) => {
    store.ingest(seqs.map((seq) => ({ row: fakeRow(seq), raw: `raw${seq}` })));
  };
  return { clock, store, ingest };
}

function visible<R>(s: StoreSnapshot<R>): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.rowCount; i++) {
    const e: BufferEntry<R> | undefined = s.rowAt(i);
    out.push(e === undefined ? "?" : e.type === "gap" ? "gap" : String(e.row.seq));
  }
  return out;
}

const even = (row: EventRow) => row.seq % 2 === 0;

describe("EventStore", () => {
  it("commits once per frame, not per event", () => {
    const { clock, store, ingest } = setup();
    let notified = 0;
    store.subscribe(() => notified++);
    const before = store.getSnapshot();
    ingest(1);
    ingest(2, 3);
    expect(store.getSnapshot()).toBe(before);
    expect(clock.pendingFrames).toBe(1);
    clock.flushFrames();
    expect(notified).toBe(1);
    expect(visible(store.getSnapshot())).toEqual(["1", "2", "3"]);
    expect(store.getSnapshot().received).toBe(3);
  });

  it("wraps around at capacity and counts evictions", () => {
    const { clock, store, ingest } = setup(3);
    ingest(1, 2, 3, 4, 5);
    clock.flushFrames();
    const s = store.getSnapshot();
    expect(visible(s)).toEqual(["3", "4", "5"]);
    expect(s.received).toBe(5);
    expect(s.evicted).toBe(2);
    expect(s.shown).toBe(3);
    expect(s.size).toBe(3);
  });

  it("updates the filter index incrementally, and it equals a full rebuild", () => {
    const { clock, store, ingest } = setup(4);
    store.setFilter(even);
    ingest(1, 2, 3);
    clock.flushFrames();
    expect(visible(store.getSnapshot())).toEqual(["2"]);
    ingest(4, 5, 6, 7, 8);
    clock.flushFrames();
    const incremental = visible(store.getSnapshot());
    expect(incremental).toEqual(["6", "8"]);
    expect(store.getSnapshot().shown).toBe(2);
    store.setFilter(even); // full recompute over the same buffer
    expect(visible(store.getSnapshot())).toEqual(incremental);
    store.setFilter(null);
    expect(visible(store.getSnapshot())).toEqual(["5", "6", "7", "8"]);
    expect(store.getSnapshot().shown).toBe(4);
  });

  it("pause keeps receiving, counts new events and shows them on resume", () => {
    const { clock, store, ingest } = setup(10);
    ingest(1, 2);
    clock.flushFrames();
    store.setPaused(true);
    ingest(3, 4, 5);
    clock.flushFrames();
    let s = store.getSnapshot();
    expect(s.paused).toBe(true);
    expect(visible(s)).toEqual(["1", "2"]);
    expect(s.pendingNew).toBe(3);
    expect(s.received).toBe(5);
    store.setPaused(false);
    s = store.getSnapshot();
    expect(s.pendingNew).toBe(0);
    expect(visible(s)).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("clear empties the buffer and keeps the received counter", () => {
    const { clock, store, ingest } = setup();
    ingest(1, 2);
    clock.flushFrames();
    store.clear();
    expect(store.getSnapshot().rowCount).toBe(0);
    expect(store.getSnapshot().received).toBe(2);
    ingest(3);
    clock.flushFrames();
    expect(visible(store.getSnapshot())).toEqual(["3"]);
  });

  it("keeps gap rows in position and never filters them out", () => {
    const { clock, store, ingest } = setup(10);
    store.setFilter(even);
    ingest(1, 2);
    store.addGap({ startMs: 1, endMs: 2, node: "n", reason: "agent restarted", source: "agent" });
    ingest(3, 4);
    clock.flushFrames();
    expect(visible(store.getSnapshot())).toEqual(["2", "gap", "4"]);
  });

  it("sorts the view and merges new rows into the sorted order", () => {
    const { clock, store, ingest } = setup(10);
    store.setSort((a, b) => (a.type === "event" && b.type === "event" ? b.row.seq - a.row.seq : 0));
    ingest(1, 3);
    clock.flushFrames();
    expect(visible(store.getSnapshot())).toEqual(["3", "1"]);
    ingest(2, 4);
    clock.flushFrames();
    expect(visible(store.getSnapshot())).toEqual(["4", "3", "2", "1"]);
    store.setSort(null);
    expect(visible(store.getSnapshot())).toEqual(["1", "3", "2", "4"]);
  });

  it("shrinking the capacity keeps the newest rows", () => {
    const { clock, store, ingest } = setup(10);
    ingest(1, 2, 3, 4);
    clock.flushFrames();
    store.setCapacity(2);
    const s = store.getSnapshot();
    expect(visible(s)).toEqual(["3", "4"]);
    expect(s.capacity).toBe(2);
    expect(s.evicted).toBe(2);
  });

  it("reports events per second from the injected clock and decays to zero", () => {
    const { clock, store, ingest } = setup(100);
    for (let i = 0; i < 3; i++) {
      ingest(...Array.from({ length: 30 }, (_, k) => i * 30 + k));
      clock.advance(1000);
    }
    clock.flushFrames();
    expect(store.getSnapshot().eventsPerSec).toBe(30);
    clock.advance(5000);
    expect(store.getSnapshot().eventsPerSec).toBe(0);
  });

  it("finds the newest matching entry", () => {
    const { clock, store, ingest } = setup();
    ingest(1, 2, 3);
    clock.flushFrames();
    const found = store.findLatest((e) => e.type === "event" && e.row.seq % 2 === 1);
    expect(found?.type === "event" && found.raw).toBe("raw3");
  });

  it("counts dropped events apart from received and evicted, and keeps a loss gap in place", () => {
    const { clock, store, ingest } = setup();
    ingest(1, 2);
    store.noteDropped(0);
    store.noteDropped(30);
    store.addGap({
      startMs: 10,
      endMs: 20,
      node: "",
      reason: "this tab fell behind the stream",
      source: "browser",
      dropped: 30,
    });
    ingest(3);
    clock.flushFrames();
    const s = store.getSnapshot();
    expect(s.dropped).toBe(30);
    expect(s.received).toBe(3);
    expect(s.evicted).toBe(0);
    expect(visible(s)).toEqual(["1", "2", "gap", "3"]);
  });
});
