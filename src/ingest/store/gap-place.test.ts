import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../../gen/tetragon/events_pb";
import type { Gap } from "../../protocol/protocol";
import { syntheticEvents } from "../../testing/synthetic-events";
import { FakeScheduler } from "../../testing/fake-scheduler";
import { TabView } from "../views/tab-view";
import { EventStore } from "./event-store";
import { gapPosition } from "./gap-place";
import { MarkerList } from "./markers";

const T = Date.parse("2026-12-02T12:00:00Z");

function storeWith(offsetsMs: readonly (number | null)[]): EventStore {
  const store = new EventStore({ capacity: 1000 });
  for (const off of offsetsMs) {
    const e = create(GetEventsResponseSchema, syntheticEvents().exec);
    e.time = off === null ? undefined : timestampFromMs(T + off);
    store.append(toBinary(GetEventsResponseSchema, e));
  }
  return store;
}

const gap = (startOff: number, endOff: number): Gap => ({
  startMs: T + startOff,
  endMs: T + endOff,
  node: "node-a",
  reason: "agent down",
  source: "agent",
});

const at = (startOff: number) => ({ startMs: T + startOff, source: "agent" as const });

describe("gapPosition", () => {
  it("leaves a file row (an opened log's start, stamped with its first time) where it arrived", () => {
    const store = storeWith([0, 1000, 2000]);
    expect(gapPosition(store, store.end, { startMs: T - 10 ** 9, source: "file" })).toBe(3);
    expect(gapPosition(store, store.end, { startMs: T - 10 ** 9, source: "browser" })).toBe(0);
  });

  it("places a gap before the events newer than its start that arrived before it", () => {
    // Events at 0..3 s, an outage 3.5..6 s, events at 6..8 s; the gap is reported at the end.
    const store = storeWith([0, 1000, 2000, 3000, 6000, 7000, 8000]);
    expect(gapPosition(store, store.end, at(3500))).toBe(4);
  });

  it("stays at its arrival when nothing before it is newer (a replay of old events)", () => {
    const store = storeWith([0, 1000, 2000]);
    expect(gapPosition(store, store.end, at(5000))).toBe(3);
  });

  it("stops at an event without a time, and never goes below the buffer's start", () => {
    expect(gapPosition(storeWith([0, null, 6000]), 3, at(3500))).toBe(2);
    expect(gapPosition(storeWith([6000, 7000]), 2, at(0))).toBe(0);
  });
});

describe("a gap in a tab's view (arrival order)", () => {
  it("sits between the events before and after the outage, not after newer events", () => {
    const store = storeWith([0, 1000, 6000, 7000]);
    const markers = new MarkerList<Gap>();
    const early = gap(1500, 5500);
    markers.add(early, gapPosition(store, store.end, early));
    // A second gap reported later, but older than the first: the list stays in view order.
    const older = gap(500, 900);
    markers.add(older, gapPosition(store, store.end, older));
    const view = new TabView({
      store,
      markers,
      scheduler: new FakeScheduler(),
      onChange: () => {},
    });
    view.catchUp();
    const layout = view.layout();
    const rows = Array.from({ length: layout.rowCount }, (_, i) => {
      const e = layout.entryAt(i)!;
      return e.type === "event"
        ? store.rowView(e.pos).timeMs - T
        : `gap@${e.marker.gap.startMs - T}`;
    });
    expect(rows).toEqual([0, "gap@500", 1000, "gap@1500", 6000, 7000]);
  });
});
