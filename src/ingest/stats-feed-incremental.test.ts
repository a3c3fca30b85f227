/**
 * The counts strip's Top is kept up to date as events arrive and leave (stats-feed.ts with
 * TabView's ShownObserver) instead of recounted every snapshot. Property: after any sequence
 * of appends, evictions (the ring wrapping, also by more than the store keeps readable),
 * Clear, pause and resume, filter and sort changes (applied part-way through a full count
 * too) and intern ids freed and handed out again, every snapshot equals a full count of the
 * rows the tab shows, by value (TopCounts over rowView: no intern ids involved).
 */
import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { EMPTY_FILTERS, type FilterSpec } from "../filters/filter-spec";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb";
import type { Gap, SortSpec, StatsSnapshot, ToPage } from "../protocol/protocol";
import { TopCounts } from "../stats/top-counts";
import { FakeClock } from "../testing/fake-clock";
import { FakeScheduler } from "../testing/fake-scheduler";
import type { PortLike } from "./port";
import { StatsFeed } from "./stats-feed";
import { EventStore } from "./store/event-store";
import { MarkerList } from "./store/markers";
import { SEGMENT_BITS, SEGMENT_SIZE } from "./store/segments";
import { TabView } from "./views/tab-view";

/** Every value of every list, so a wrong count in the tail cannot hide below the top 10. */
const ALL = 1_000_000;
const T0_MS = Date.UTC(2026, 11, 2, 12, 0, 0);

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Event `i`: a unique argument (the intern table grows and sweeps often); one binary in eight
 * unique too (a freed id goes to a new binary: ids are reused inside a counted field), the
 * other binaries, the pods and the policies from pools that drift with `i`; some events are
 * host processes (no pod: not counted).
 */
function eventBytes(i: number, r: number): Uint8Array {
  const epoch = Math.floor(i / 700);
  const process = {
    execId: `exec-${String(i)}`,
    pid: 100 + (r % 50),
    binary: r % 8 === 0 ? `/opt/tool-${String(i)}` : `/usr/bin/app-${String(epoch + (r % 6))}`,
    arguments: `--run ${String(i)}`,
    pod:
      r % 9 === 0
        ? undefined
        : { name: `pod-${String(epoch)}-${String(r % 5)}`, namespace: `ns-${String(r % 4)}` },
  };
  return toBinary(
    GetEventsResponseSchema,
    create(GetEventsResponseSchema, {
      nodeName: "node-1",
      time: timestampFromMs(T0_MS + i),
      event:
        r % 3 === 0
          ? {
              case: "processKprobe",
              value: {
                process,
                functionName: "fd_install",
                policyName: `policy-${String(epoch % 3)}-${String(r % 2)}`,
              },
            }
          : { case: "processExec", value: { process } },
    }),
  );
}

/** Checks each snapshot as it is sent, against the view as it stands at that moment. */
/** Events 0..POOL-1, encoded once; event `i` of a run is `pool[i % POOL]`. */
const POOL = 40_000;
let pool: Uint8Array[] | null = null;
function eventAt(i: number): Uint8Array {
  if (pool === null) {
    const rnd = prng(99);
    pool = Array.from({ length: POOL }, (_, k) => eventBytes(k, Math.floor(rnd() * 1000)));
  }
  return pool[i % POOL] ?? new Uint8Array(0);
}

class CheckingPort implements PortLike {
  sent = 0;
  constructor(private readonly check: (stats: StatsSnapshot) => void) {}
  postMessage(message: ToPage): void {
    if (message.type !== "stats") return;
    this.check(message.stats);
    this.sent++;
  }
}

/**
 * A tab's view and its open strip over a store of `capacity`, every snapshot checked as it is
 * sent. The scheduler's clock passes each slice's deadline at its second reading, so a full
 * count visits about one segment per slice and changes land between the slices of a count.
 */
function rig(capacity: number, label: string) {
  const clock = new FakeClock();
  const scheduler = new FakeScheduler(7);
  const store = new EventStore({ capacity });
  const view = new TabView({
    store,
    markers: new MarkerList<Gap>(),
    scheduler,
    onChange: () => undefined,
  });
  const feed = new StatsFeed({ clock, scheduler, store, topN: ALL });
  const append = (n: number) => {
    for (let k = 0; k < n; k++) store.append(eventAt(store.end));
  };
  /** Ids seen per binary value over the run: an id with two values was reused. */
  const binaryIds = new Map<number, Set<string>>();
  const counts = { checks: 0, incremental: 0 };
  /** While set, snapshots come from the feed's timer: the kept counts, no full count. */
  let fromTimer = false;
  const advance = (ms: number) => {
    fromTimer = true;
    clock.advance(ms);
    fromTimer = false;
  };

  /** A snapshot being sent equals a full count, by value, of the rows the view shows now. */
  const expectFullCount = (stats: StatsSnapshot) => {
    const layout = view.layout(); // as the feed left it: right after the view's catchUp
    const shown = new TopCounts();
    for (let r = 0; r < layout.eventCount; r++) {
      const row = store.rowView(layout.positionAt(r));
      shown.add(row);
      const id = store.strings.idOf(row.binary) ?? -1;
      binaryIds.set(id, (binaryIds.get(id) ?? new Set()).add(row.binary));
    }
    expect(stats.top, `${label}, snapshot ${String(counts.checks)}`).toEqual(shown.snapshot(ALL));
    expect(stats.version).toBe(view.appliedVersion);
    counts.checks++;
    if (fromTimer) counts.incremental++;
  };
  const port = new CheckingPort(expectFullCount);

  /** Lets the feed send a snapshot now (checked by the port). */
  const snapshotNow = () => {
    feed.ack(port);
    const sent = port.sent;
    advance(1_000_000); // past the interval and the work factor: the timer fires
    scheduler.runAll(); // a full count, when one is due
    expect(port.sent).toBeGreaterThan(sent);
  };
  const filter = (filters: Partial<FilterSpec>, sort: SortSpec | null = null) => {
    view.setSpec(view.specVersion + 1, { filters: { ...EMPTY_FILTERS, ...filters }, sort });
  };
  return {
    clock,
    scheduler,
    store,
    view,
    feed,
    port,
    append,
    advance,
    snapshotNow,
    filter,
    binaryIds,
    counts,
  };
}

const FILTERS: Partial<FilterSpec>[] = [
  {},
  { binary: "app-[0-9]*[02468]$" },
  { namespace: "^ns-[01]$" },
  { pod: "." },
  { policy: "." },
  { eventType: "exec" },
];
const SORTS: (SortSpec | null)[] = [null, { column: "binary", desc: false }, null];

/** 120 random steps, a snapshot checked at about one step in five. */
function scenario(seed: number, capacity: number) {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const t = rig(capacity, `seed ${String(seed)}`);
  let bursts = 0;
  t.append(int(capacity));
  t.feed.setEnabled(t.port, t.view, true);
  for (let step = 0; step < 120; step++) {
    const op = int(100);
    if (op < 30) t.append(1 + int(2_500));
    else if (op < 35)
      t.append(capacity / 2 + int(capacity / 2)); // past a paused view's end
    else if (op < 45)
      t.view.catchUp(); // the hub's tick
    else if (op < 55)
      t.scheduler.runSome(1 + int(4)); // part of a count or of a filter job
    else if (op < 61)
      t.filter(FILTERS[int(FILTERS.length)] ?? {}, SORTS[int(SORTS.length)] ?? null);
    else if (op < 64) t.view.clear();
    else if (op < 70) t.view.setPaused(!t.view.paused);
    else if (op < 75 && bursts++ === 0) {
      // Evicts, between two catch-ups, more than the store keeps readable (costly: once).
      t.append(((t.store.start >>> SEGMENT_BITS) + 2) * SEGMENT_SIZE - t.store.start);
    } else if (op < 80) {
      t.feed.ack(t.port);
      t.advance(int(800));
    } else t.snapshotNow();
  }
  t.snapshotNow();
  return t;
}

describe("StatsFeed's incremental Top", () => {
  let reusedIds = 0;
  it.each([
    [1, 10_000],
    [2, 3_000],
    [3, 6_000],
    [4, 12_000],
  ])(
    "equals a full count of what the tab shows after any sequence of changes (seed %i, capacity %i)",
    (seed, capacity) => {
      const run = scenario(seed, capacity);
      expect(run.counts.checks).toBeGreaterThan(15);
      // Most snapshots came from the kept counts, not from a full count.
      expect(run.counts.incremental).toBeGreaterThan(run.counts.checks / 3);
      // The intern table freed ids over the run...
      expect(run.store.strings.generation).toBeGreaterThan(1);
      reusedIds += [...run.binaryIds.values()].filter((values) => values.size > 1).length;
    },
  );

  it("saw binaries' intern ids handed to other binaries while they were counted", () => {
    expect(reusedIds).toBeGreaterThan(0);
  });

  it("a full count overtaken by evictions subtracts only the events it had counted", () => {
    const t = rig(4 * SEGMENT_SIZE, "overtaken");
    t.append(4 * SEGMENT_SIZE);
    t.feed.setEnabled(t.port, t.view, true);
    t.advance(0);
    t.scheduler.runSome(2); // the count has visited about one segment of four
    expect(t.port.sent).toBe(0);
    t.append(2 * SEGMENT_SIZE + 100); // evicts it and the next segment's first hundred
    t.view.catchUp();
    t.scheduler.runAll();
    expect(t.port.sent).toBe(1);
    t.append(3_000);
    t.snapshotNow();
    expect(t.counts.incremental).toBe(1);
  });

  it("a long pause: events evicted past the pause's end were never counted, so not subtracted", () => {
    const t = rig(2 * SEGMENT_SIZE, "paused");
    t.append(2 * SEGMENT_SIZE);
    t.filter({ pod: "." });
    t.scheduler.runAll();
    t.feed.setEnabled(t.port, t.view, true);
    t.snapshotNow();
    t.view.setPaused(true);
    for (let i = 0; i < 6; i++) {
      t.append(SEGMENT_SIZE / 2); // the third of these reaches the pause's end
      t.snapshotNow();
    }
    expect(t.view.layout().eventCount).toBe(0);
    expect(t.counts.incremental).toBe(6);
  });

  it("keepUp catches up a view nothing else does before its evicted columns go", () => {
    const t = rig(SEGMENT_SIZE, "kept up");
    t.append(SEGMENT_SIZE);
    t.feed.setEnabled(t.port, t.view, true);
    t.snapshotNow();
    for (let i = 0; i < 40; i++) {
      t.append(500); // ~100 ms at 5,000 events/s, then the hub's tick
      t.feed.keepUp();
    }
    // The events of the first snapshot are evicted and their columns gone.
    expect(t.store.readableFrom).toBeGreaterThanOrEqual(SEGMENT_SIZE);
    t.snapshotNow();
    expect(t.counts.incremental).toBe(1); // no full count was needed
  });

  it("evictions beyond what the store keeps readable make the count start over", () => {
    const t = rig(SEGMENT_SIZE, "unreadable");
    t.append(SEGMENT_SIZE);
    t.feed.setEnabled(t.port, t.view, true);
    t.snapshotNow();
    t.append(3 * SEGMENT_SIZE);
    const readable = t.store.readableFrom;
    expect(readable).toBeGreaterThan(SEGMENT_SIZE);
    t.snapshotNow(); // a full count: the first evicted columns are gone
    expect(t.counts.incremental).toBe(0);
    t.append(SEGMENT_SIZE / 2);
    t.snapshotNow();
    expect(t.counts.incremental).toBe(1);
  });
});
