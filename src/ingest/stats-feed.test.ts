/**
 * The counts strip's worker side over the test corpus (real events when ../shared is there,
 * synthetic and bench events always): Top equals TopCounts over the rows the tab's filter keeps
 * (the page-free reference), whatever the slicing; the rate counts every event; a tab gets
 * stats only while its strip is open, one unacked at a time, no sooner than the interval.
 */
import { describe, expect, it } from "vitest";
import { EMPTY_FILTERS, type FilterSpec } from "../filters/filter-spec";
import type { Gap, StatsSnapshot, ToPage } from "../protocol/protocol";
import { TopCounts } from "../stats/top-counts";
import { encodedCorpus } from "../testing/event-corpus";
import { FakeClock } from "../testing/fake-clock";
import { FakeScheduler } from "../testing/fake-scheduler";
import type { PortLike } from "./port";
import { compileFilters, rowPredicate } from "./query/compile";
import { STATS_INTERVAL_MS, StatsFeed, TOP_N } from "./stats-feed";
import { EventStore } from "./store/event-store";
import { MarkerList } from "./store/markers";
import { TabView } from "./views/tab-view";

const corpus = encodedCorpus().filter((e) => e.bytes.length < 100_000);

class FakePort implements PortLike {
  readonly stats: StatsSnapshot[] = [];
  postMessage(message: ToPage): void {
    if (message.type === "stats") this.stats.push(message.stats);
  }
}

function setup(capacity = 100_000) {
  const clock = new FakeClock();
  const scheduler = new FakeScheduler();
  const store = new EventStore({ capacity });
  const markers = new MarkerList<Gap>();
  const view = new TabView({ store, markers, scheduler, onChange: () => undefined });
  const feed = new StatsFeed({ clock, scheduler, store });
  const port = new FakePort();
  const append = (n: number) => {
    for (let i = 0; i < n; i++) {
      const pos = store.append(corpus[store.end % corpus.length]!.bytes);
      feed.record(store.kindOf(pos), clock.now());
    }
  };
  const filter = (filters: Partial<FilterSpec>) => {
    view.setSpec(view.specVersion + 1, { filters: { ...EMPTY_FILTERS, ...filters }, sort: null });
    scheduler.runAll();
  };
  /** Fires due timers and runs the count's slices. */
  const run = (ms = 0) => {
    clock.advance(ms);
    scheduler.runAll();
  };
  /** What Top must be: TopCounts over the held rows the filters keep. */
  const expectedTop = (filters: Partial<FilterSpec>) => {
    const keep = rowPredicate(compileFilters({ ...EMPTY_FILTERS, ...filters }));
    const top = new TopCounts();
    for (let pos = store.start; pos < store.end; pos++) {
      const row = store.rowView(pos);
      if (keep(row)) top.add(row);
    }
    return top.snapshot(TOP_N);
  };
  return { clock, scheduler, store, view, feed, port, append, filter, run, expectedTop };
}

describe("StatsFeed", () => {
  it("sends nothing to a tab whose strip is closed", () => {
    const t = setup();
    t.append(500);
    t.run(10 * STATS_INTERVAL_MS);
    expect(t.port.stats).toEqual([]);
  });

  it("counts Top over the events the tab's filter keeps, and the rate over all", () => {
    const t = setup();
    t.append(3 * corpus.length);
    const withPolicy = corpus.length > 0 ? "." : "";
    t.filter({ policy: withPolicy });
    t.feed.setEnabled(t.port, t.view, true);
    t.run();
    expect(t.port.stats).toHaveLength(1);
    const s = t.port.stats[0]!;
    expect(s.top).toEqual(t.expectedTop({ policy: withPolicy }));
    expect(s.top.policy.length).toBeGreaterThan(0);
    expect(s.top.pod.length).toBeGreaterThan(0);
    expect(s.version).toBe(t.view.appliedVersion);
    // The rate counts every event received, whatever the filter.
    expect(s.rate.total).toBe(3 * corpus.length);
    expect(s.rate.seconds).toHaveLength(300);
  });

  it("spreads a count over a large buffer across slices and gets the same answer", () => {
    const t = setup();
    t.append(60_000); // eight 8,192-event segments; the fake clock ticks once per reading
    let tasks = 0;
    const defer = t.scheduler.defer.bind(t.scheduler);
    t.scheduler.defer = (fn) => {
      tasks++;
      return defer(fn);
    };
    for (const filters of [{}, { namespace: "." }]) {
      t.filter(filters);
      t.feed.setEnabled(t.port, t.view, false);
      tasks = 0;
      t.feed.setEnabled(t.port, t.view, true);
      t.run();
      expect(tasks).toBeGreaterThan(1);
      expect(t.port.stats.at(-1)!.top).toEqual(t.expectedTop(filters));
    }
  });

  it("waits for the ack and the interval, then follows a new filter and evictions", () => {
    const t = setup(2 * corpus.length);
    t.append(2 * corpus.length);
    t.feed.setEnabled(t.port, t.view, true);
    t.run();
    expect(t.port.stats).toHaveLength(1);
    t.run(10 * STATS_INTERVAL_MS);
    expect(t.port.stats).toHaveLength(1); // not acked yet
    const pod = t.port.stats[0]!.top.pod[0]!.value;
    t.feed.ack(t.port);
    t.run(); // acked long after the interval: the next count starts at once
    expect(t.port.stats).toHaveLength(2);
    t.feed.ack(t.port);
    t.append(corpus.length); // evicts the oldest third
    t.filter({ pod: `^${pod}$` });
    t.run(STATS_INTERVAL_MS - 1);
    expect(t.port.stats).toHaveLength(2); // the interval has not passed
    t.run(1);
    expect(t.port.stats).toHaveLength(3);
    expect(t.port.stats[2]!.top).toEqual(t.expectedTop({ pod: `^${pod}$` }));
    expect(t.port.stats[2]!.top.pod).toEqual([
      { value: pod, count: t.port.stats[2]!.top.pod[0]!.count },
    ]);
  });

  it("stops when the strip closes or the tab leaves", () => {
    const t = setup();
    t.append(100);
    t.feed.setEnabled(t.port, t.view, true);
    t.run();
    t.feed.setEnabled(t.port, t.view, false);
    t.feed.ack(t.port);
    t.run(10 * STATS_INTERVAL_MS);
    expect(t.port.stats).toHaveLength(1);
    t.feed.setEnabled(t.port, t.view, true);
    t.run();
    expect(t.port.stats).toHaveLength(2);
    t.feed.disconnect(t.port);
    t.feed.ack(t.port);
    t.run(10 * STATS_INTERVAL_MS);
    expect(t.port.stats).toHaveLength(2);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it("counts only what a paused or cleared view shows", () => {
    const t = setup();
    t.append(50);
    t.view.clear();
    t.append(corpus.length);
    t.view.setPaused(true);
    t.append(200);
    t.feed.setEnabled(t.port, t.view, true);
    t.run();
    const shown = new TopCounts();
    for (let pos = 50; pos < 50 + corpus.length; pos++) shown.add(t.store.rowView(pos));
    expect(t.port.stats[0]!.top).toEqual(shown.snapshot(TOP_N));
  });
});
