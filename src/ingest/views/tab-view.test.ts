import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../../gen/tetragon/events_pb";
import { EMPTY_FILTERS, type FilterSpec } from "../../filters/filter-spec";
import type { Gap, SortSpec } from "../../protocol/protocol";
import type { RowView } from "../../model/row";
import { encodedCorpus } from "../../testing/event-corpus";
import { FakeScheduler } from "../../testing/fake-scheduler";
import { compileFilters, rowPredicate } from "../query/compile";
import { segmentSkip } from "../query/row-test";
import { EventStore } from "../store/event-store";
import { MarkerList } from "../store/markers";
import { SEGMENT_SIZE } from "../store/segments";
import { syntheticEvents } from "../../testing/synthetic-events";
import { TabView } from "./tab-view";

const corpus = encodedCorpus().filter((e) => e.bytes.length < 100_000);
const gap = (n: number): Gap => ({
  startMs: n,
  endMs: n + 1,
  node: "",
  reason: `gap ${String(n)}`,
  source: "browser",
});

function setup(capacity = 100_000) {
  const store = new EventStore({ capacity });
  const markers = new MarkerList<Gap>();
  const scheduler = new FakeScheduler();
  let changes = 0;
  const view = new TabView({ store, markers, scheduler, onChange: () => changes++ });
  const append = (n: number) => {
    for (let i = 0; i < n; i++) store.append(corpus[(store.end + i) % corpus.length]!.bytes);
  };
  /** The view's rows as [type, seq or gap reason]. */
  const rows = () => {
    view.catchUp();
    const layout = view.layout();
    return Array.from({ length: layout.rowCount }, (_, i) => {
      const e = layout.entryAt(i)!;
      if (e.type === "event") return e.pos;
      const m = e.marker.gap;
      return "note" in m ? m.summary : m.reason;
    });
  };
  const spec = (filters: Partial<FilterSpec>, sort: SortSpec | null = null) => ({
    filters: { ...EMPTY_FILTERS, ...filters },
    sort,
  });
  return { store, markers, scheduler, view, append, rows, spec, changes: () => changes };
}

/** Held positions whose rows pass `filters`, the reference for a filtered view. */
function expected(store: EventStore, filters: Partial<FilterSpec>, from = store.start): number[] {
  const ok = rowPredicate(compileFilters({ ...EMPTY_FILTERS, ...filters }));
  const out: number[] = [];
  for (let p = from; p < store.end; p++) if (ok(store.rowView(p))) out.push(p);
  return out;
}

describe("TabView", () => {
  it("without filters shows every held event, gap markers where they arrived", () => {
    const t = setup();
    t.append(5);
    t.markers.add(gap(1), t.store.end);
    t.append(3);
    expect(t.rows()).toEqual([0, 1, 2, 3, 4, "gap 1", 5, 6, 7]);
  });

  it("a filter applies once its job has run; until then the previous rows stay", () => {
    const t = setup();
    t.append(2000);
    const before = t.rows();
    t.view.setSpec(1, t.spec({ binary: "curl" }));
    expect(t.rows()).toEqual(before);
    expect(t.view.appliedVersion).toBe(0);
    t.scheduler.runAll();
    expect(t.view.appliedVersion).toBe(1);
    const want = expected(t.store, { binary: "curl" });
    expect(want.length).toBeGreaterThan(10);
    expect(want.length).toBeLessThan(2000);
    expect(t.rows()).toEqual(want);
    // New events are tested as they arrive; evicted ones leave.
    t.append(500);
    expect(t.rows()).toEqual(expected(t.store, { binary: "curl" }));
  });

  it("a newer spec cancels a stale job; only the newest is applied", () => {
    const t = setup();
    t.append(3000);
    t.view.setSpec(1, t.spec({ pod: "a" }));
    t.view.setSpec(2, t.spec({ pod: "xwing" }));
    t.scheduler.runAll();
    expect(t.view.appliedVersion).toBe(2);
    expect(t.rows()).toEqual(expected(t.store, { pod: "xwing" }));
    expect(t.changes()).toBe(1);
  });

  it("an invalid field reports its error and keeps its last valid filter", () => {
    const t = setup();
    t.append(1000);
    t.view.setSpec(1, t.spec({ pod: "^x" }));
    t.scheduler.runAll();
    t.view.setSpec(2, t.spec({ pod: "^x(" }));
    expect(t.view.errors.pod).toMatch(/missing closing \)/);
    t.scheduler.runAll();
    expect(t.rows()).toEqual(expected(t.store, { pod: "^x" }));
    expect(t.view.kept).toEqual({ pod: "^x" });
  });

  it.each<[keyof FilterSpec, string, string]>([
    ["pod", "^x", "^x("],
    ["namespace", "kube", "kube["],
    ["binary", "curl", "*curl"],
    ["eventType", "exec,open", "exec,opn"],
    ["from", "2000-01-01", "2000-01-0"],
    ["to", "2100-01-01", "2100-13-01"],
  ])("%s: an invalid value keeps the last valid filter applied and names it", (field, ok, bad) => {
    const t = setup();
    t.append(1000);
    t.view.setSpec(1, t.spec({ [field]: ok }));
    t.scheduler.runAll();
    const want = expected(t.store, { [field]: ok });
    expect(t.rows()).toEqual(want);
    t.view.setSpec(2, t.spec({ [field]: bad }));
    t.scheduler.runAll();
    expect(t.view.errors[field]).toBeDefined();
    expect(t.view.kept).toEqual({ [field]: ok });
    expect(t.rows()).toEqual(want);
  });

  it("stays exact while the buffer wraps under a filter", () => {
    const t = setup(700);
    t.view.setSpec(1, t.spec({ eventType: "!exec", search: "e" }));
    t.scheduler.runAll();
    for (let i = 0; i < 10; i++) {
      t.append(333);
      expect(t.rows()).toEqual(expected(t.store, { eventType: "!exec", search: "e" }));
    }
  });

  it("sorts by a column with the table's comparator, and keeps new events in order", () => {
    const t = setup(5000);
    t.append(1500);
    for (const sort of [
      { column: "binary", desc: false },
      { column: "pid", desc: true },
      { column: "time", desc: false },
      { column: "type", desc: true },
    ] as const) {
      t.view.setSpec(1, t.spec({}, sort));
      t.scheduler.runAll();
      t.append(700);
      const rows = t.rows() as number[];
      const key = (p: number): string | number => {
        const r: RowView = t.store.rowView(p);
        if (sort.column === "pid") return r.pid ?? -1;
        if (sort.column === "time") return Number.isFinite(r.timeMs) ? r.timeMs : -Infinity;
        return sort.column === "type" ? r.kind : r.binary;
      };
      const cmp = (a: number, b: number) => {
        const x = key(a);
        const y = key(b);
        const c =
          typeof x === "number" && typeof y === "number" ? x - y : x < y ? -1 : x > y ? 1 : 0;
        return (sort.desc ? -c : c) || a - b;
      };
      const want = Array.from({ length: t.store.size }, (_, i) => t.store.start + i).sort(cmp);
      expect(rows, sort.column).toEqual(want);
    }
  });

  it("a sorted, filtered view stays exact while the buffer wraps", () => {
    const t = setup(600);
    t.view.setSpec(1, t.spec({ eventType: "!exit" }, { column: "pod", desc: true }));
    t.scheduler.runAll();
    for (let i = 0; i < 8; i++) {
      t.append(250);
      const want = expected(t.store, { eventType: "!exit" }).sort((a, b) => {
        const x = t.store.rowView(a).pod;
        const y = t.store.rowView(b).pod;
        return (x < y ? 1 : x > y ? -1 : 0) || a - b;
      });
      expect(t.rows()).toEqual(want);
    }
  });

  it("pause freezes the rows and counts what waits; resume shows it", () => {
    const t = setup();
    t.append(100);
    t.view.setPaused(true);
    t.append(50);
    t.markers.add(gap(2), t.store.end);
    expect(t.rows()).toHaveLength(100);
    expect(t.view.pendingNew()).toBe(50);
    t.view.setPaused(false);
    expect(t.rows()).toHaveLength(151);
    expect(t.view.pendingNew()).toBe(0);
  });

  it("clear hides what arrived so far, gaps included; later events show", () => {
    const t = setup();
    t.append(100);
    t.markers.add(gap(3), t.store.end);
    t.view.clear();
    expect(t.rows()).toEqual([]);
    t.append(2);
    expect(t.rows()).toEqual([100, 101]);
  });
});

describe("TabView over full segments (the batch scan and its per-segment summaries)", () => {
  it("stays exact as the buffer wraps, after Clear and across a pause, field after field", () => {
    const t = setup(2 * SEGMENT_SIZE + 500);
    t.append(3 * SEGMENT_SIZE);
    const shown = () => {
      t.view.catchUp();
      const layout = t.view.layout();
      return Array.from({ length: layout.eventCount }, (_, r) => layout.positionAt(r));
    };
    const specs: Partial<FilterSpec>[] = [
      { binary: "curl" },
      { search: "kube" },
      { search: "xwing", pod: "!deathstar" },
      { pod: "(?i)XWING", eventType: "!exit" },
    ];
    specs.forEach((filters, i) => {
      t.view.setSpec(i + 1, t.spec(filters));
      t.scheduler.runAll();
      const want = expected(t.store, filters);
      if (i < 2) expect(want.length).toBeGreaterThan(0);
      expect(shown()).toEqual(want);
      t.append(SEGMENT_SIZE / 2);
      expect(shown()).toEqual(expected(t.store, filters));
    });
    const last = specs.at(-1)!;
    t.view.clear();
    const floor = t.store.end;
    t.append(SEGMENT_SIZE + 100);
    expect(shown()).toEqual(expected(t.store, last, floor));
    t.view.setPaused(true);
    const pauseEnd = t.store.end;
    t.append(300);
    expect(shown()).toEqual(expected(t.store, last, floor).filter((p) => p < pauseEnd));
    t.view.setSpec(9, t.spec({ search: "kube" }));
    t.scheduler.runAll();
    expect(shown()).toEqual(
      expected(t.store, { search: "kube" }, floor).filter((p) => p < pauseEnd),
    );
    t.view.setPaused(false);
    expect(shown()).toEqual(expected(t.store, { search: "kube" }, floor));
  });
});

describe("TabView: a new filter shows its newest matches first, then counts the rest", () => {
  /** A view over more than two segments of events, most of them matching `binary: "/"`. */
  function counting(capacity = 100_000) {
    const t = setup(capacity);
    t.append(2 * SEGMENT_SIZE + 700);
    const filters = { binary: "/" };
    const all = expected(t.store, filters);
    expect(all.length).toBeGreaterThan(3000);
    const shown = () => {
      t.view.catchUp();
      const layout = t.view.layout();
      return Array.from({ length: layout.eventCount }, (_, r) => layout.positionAt(r));
    };
    t.view.setSpec(1, t.spec(filters));
    expect(t.scheduler.runUntil(() => t.view.appliedVersion === 1)).toBe(true);
    return { ...t, filters, shown };
  }

  it("shows the newest matches, marked as counting, then every match once counted", () => {
    const t = counting();
    expect(t.view.counting).toBe(true);
    const partial = t.shown();
    const all = expected(t.store, t.filters);
    expect(partial.length).toBeGreaterThanOrEqual(1000);
    expect(partial.length).toBeLessThan(all.length);
    // Exactly the newest matches: the tail of the full result, nothing missing within it.
    expect(partial).toEqual(all.slice(all.length - partial.length));
    t.scheduler.runAll();
    expect(t.view.counting).toBe(false);
    expect(t.shown()).toEqual(expected(t.store, t.filters));
  });

  it("events arriving and leaving while it counts end up exactly as the filter says", () => {
    const t = counting(2 * SEGMENT_SIZE + 900);
    t.append(500);
    const partial = t.shown();
    expect(t.view.counting).toBe(true);
    expect(partial).toEqual(expected(t.store, t.filters).filter((p) => p >= partial[0]!));
    t.scheduler.runAll();
    t.append(300);
    expect(t.shown()).toEqual(expected(t.store, t.filters));
  });

  it("while counting, a gap older than what was scanned is not shown; once counted it is", () => {
    const t = setup();
    t.append(100);
    t.markers.add(gap(5), t.store.end);
    t.append(2 * SEGMENT_SIZE);
    t.view.setSpec(1, t.spec({ binary: "/" }));
    expect(t.scheduler.runUntil(() => t.view.appliedVersion === 1)).toBe(true);
    expect(t.view.counting).toBe(true);
    expect(t.rows()).not.toContain("gap 5");
    t.scheduler.runAll();
    expect(t.rows()).toContain("gap 5");
  });

  it("Clear while counting: the newest matches are the whole result", () => {
    const t = counting();
    t.view.clear();
    expect(t.view.counting).toBe(false);
    const floor = t.store.end;
    t.append(50);
    t.scheduler.runAll();
    expect(t.shown()).toEqual(expected(t.store, t.filters, floor));
  });

  it("a spec typed and erased again resumes the count it interrupted", () => {
    const t = counting();
    t.view.setSpec(2, t.spec({ binary: "/u" }));
    t.view.setSpec(3, t.spec(t.filters));
    t.scheduler.runAll();
    expect(t.view.appliedVersion).toBe(3);
    expect(t.view.counting).toBe(false);
    expect(t.shown()).toEqual(expected(t.store, t.filters));
  });

  it("an export, or a sort, takes every match, not only the newest", () => {
    const t = counting();
    expect(Array.from(t.view.snapshot())).toEqual(expected(t.store, t.filters));
    expect(t.view.counting).toBe(false);
    const u = counting();
    u.view.setSpec(2, u.spec(u.filters, { column: "pid", desc: false }));
    u.scheduler.runAll();
    expect(u.view.layout().eventCount).toBe(expected(u.store, u.filters).length);
  });

  it("while paused, the count covers what was held at the pause", () => {
    const t = setup();
    t.append(2 * SEGMENT_SIZE);
    t.view.setPaused(true);
    const pauseEnd = t.store.end;
    t.append(100);
    t.view.setSpec(1, t.spec({ binary: "/" }));
    t.scheduler.runAll();
    t.view.catchUp();
    const layout = t.view.layout();
    const got = Array.from({ length: layout.eventCount }, (_, r) => layout.positionAt(r));
    expect(got).toEqual(expected(t.store, { binary: "/" }).filter((p) => p < pauseEnd));
  });
});

describe("TabView: a time window over time-ordered events", () => {
  it("skips the segments outside the window and still finds exactly the events in it", () => {
    const T = Date.parse("2026-12-02T12:00:00Z");
    const store = new EventStore({ capacity: 100_000 });
    const e = create(GetEventsResponseSchema, syntheticEvents().exec);
    // 3.5 segments of events, one per 10 ms, with a few untimed ones among them.
    const n = SEGMENT_SIZE * 3 + SEGMENT_SIZE / 2;
    for (let i = 0; i < n; i++) {
      e.time = i % 1000 === 7 ? undefined : timestampFromMs(T + i * 10);
      store.append(toBinary(GetEventsResponseSchema, e));
    }
    const filters = {
      ...EMPTY_FILTERS,
      from: new Date(T + SEGMENT_SIZE * 10 * 1.5).toISOString(),
      to: new Date(T + SEGMENT_SIZE * 10 * 2.25).toISOString(),
    };
    const compiled = compileFilters(filters);
    expect(compiled.errors).toEqual({});
    const skip = segmentSkip(compiled)!;
    expect([0, 1, 2, 3].map((s) => skip(store.segment(s * SEGMENT_SIZE)))).toEqual([
      true,
      false,
      false,
      true,
    ]);
    const scheduler = new FakeScheduler();
    const markers = new MarkerList<Gap>();
    const view = new TabView({ store, markers, scheduler, onChange: () => {} });
    view.setSpec(1, { filters, sort: null });
    scheduler.runAll();
    view.catchUp();
    const layout = view.layout();
    const got = Array.from({ length: layout.eventCount }, (_, r) => layout.positionAt(r));
    const ok = rowPredicate(compiled);
    const want: number[] = [];
    for (let p = store.start; p < store.end; p++) if (ok(store.rowView(p))) want.push(p);
    expect(want.length).toBeGreaterThan(SEGMENT_SIZE / 2);
    expect(got).toEqual(want);
  });

  it("tells an observer each event it starts and stops showing, or to start over", () => {
    const t = setup(3_000);
    t.append(2_000);
    const byPos = (a: number, b: number) => a - b;
    const shown = () => {
      t.view.catchUp();
      const layout = t.view.layout();
      return Array.from({ length: layout.eventCount }, (_, r) => layout.positionAt(r)).sort(byPos);
    };
    // The observer's copy of the shown set: what it was told, taken afresh after a reset.
    let told = new Set<number>();
    let stale = true;
    t.view.observe({
      added(pos, seg, slot) {
        expect(seg.index * SEGMENT_SIZE + slot).toBe(pos);
        if (!stale) expect(told.has(pos)).toBe(false);
        told.add(pos);
      },
      removed(pos, seg, slot) {
        expect(seg.index * SEGMENT_SIZE + slot).toBe(pos);
        if (!stale) expect(told.delete(pos)).toBe(true);
      },
      reset() {
        stale = true;
      },
    });
    /** The copy equals what the view shows (after a reset: says so and starts over). */
    const compare = (): "same" | "reset" => {
      const want = shown();
      if (stale) {
        told = new Set(want);
        stale = false;
        return "reset";
      }
      expect([...told].sort(byPos)).toEqual(want);
      return "same";
    };
    expect(compare()).toBe("reset"); // nothing told before observing
    t.append(500);
    expect(compare()).toBe("same");
    t.append(2_000); // wraps: the oldest shown leave
    expect(compare()).toBe("same");
    t.view.setSpec(1, t.spec({ pod: "." }));
    t.scheduler.runAll();
    expect(compare()).toBe("reset");
    t.append(1_000);
    expect(compare()).toBe("same");
    t.view.setSpec(2, t.spec({ pod: "." }, { column: "binary", desc: false }));
    t.scheduler.runAll();
    t.append(300);
    expect(compare()).toBe("same"); // a new sort shows the same events
    t.view.setPaused(true);
    t.append(4_000); // evicts everything shown, then events that arrived after the pause
    expect(compare()).toBe("same");
    expect(told.size).toBe(0);
    t.view.setPaused(false);
    expect(compare()).toBe("reset");
    t.append(200);
    t.view.clear();
    expect(compare()).toBe("reset");
    t.append(200);
    expect(compare()).toBe("same");
    expect(told.size).toBeGreaterThan(0);
    t.view.observe(null);
    const before = [...told];
    t.append(3_000);
    t.view.catchUp();
    expect([...told]).toEqual(before);
  });
});
