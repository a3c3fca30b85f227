/**
 * One tab's view of the shared buffer, kept in the worker: its filters and sort, the
 * positions that match (a PositionIndex, or nothing at all when every event matches), its
 * sorted order, its Clear floor and its pause. The tab's thread never sees more than the rows
 * it draws (view-update.ts builds those).
 *
 * Data flow: `setSpec` compiles the filters at once (errors go back with the next update) and
 * starts a job that scans the buffer (scan-plan.ts) and sorts in slices (jobs.ts); until it
 * finishes the previous result stays on screen, and a newer spec cancels it. Without a sort,
 * a new filter scans from the newest event down and is applied once it has NEWEST_FIRST
 * matches (what a following view shows): the older part is then scanned in the background
 * (`remaining`, `counter`), `counting` says so (the tab marks its count), and the whole list
 * replaces the partial one when done (`resultVersion` bumps). `catchUp` (every tick, and
 * when a job finishes) tests only the positions appended since the last call, drops evicted
 * ones and merges new matches into the sorted order. Invariants: `list` holds every matching
 * position in [max(start, floor, remaining.until), scanned) ascending (the layout shows no
 * more than that while counting); `order` holds every matching position in
 * [floor, orderedUpTo) that is still held, sorted; paused, the view shows nothing at or after
 * `pauseEnd` (and no marker newer than `pauseMarker`) until resumed. An observer (`observe`, the
 * counts strip's Top) is told each event that starts or stops being shown, or `reset` when
 * the shown set changes wholesale.
 */
import {
  EMPTY_FILTERS,
  FILTER_FIELDS,
  type FilterField,
  type FilterSpec,
} from "../../filters/filter-spec.js";
import type { RowMarker, SortSpec, ViewSpec } from "../../protocol/protocol.js";
import type { EventStore } from "../store/event-store.js";
import type { Marker, MarkerList } from "../store/markers.js";
import { SEGMENT_SIZE, SLOT_MASK, type Segment } from "../store/segments.js";
import { compileFilters, type CompiledFilters } from "../query/compile.js";
import { runJob, type Job, type JobStep, type TaskScheduler } from "../query/jobs.js";
import { PositionIndex } from "../query/position-index.js";
import { scanPlan, type ScanPlan } from "../query/scan-plan.js";
import { dropEvicted, mergeInto, positionComparator, sortJob, sortKeyOf } from "../query/sort.js";
import { Layout } from "./layout.js";

export interface TabViewDeps {
  readonly store: EventStore;
  readonly markers: MarkerList<RowMarker>;
  readonly scheduler: TaskScheduler;
  /** A job finished: the tab has a new result to show. */
  readonly onChange: () => void;
}

/**
 * Told how the set of events a view shows changes, so a count over it (the counts strip's
 * Top, stats-feed.ts) follows without recounting: `added` for each newly appended event the
 * view shows, `removed` for each shown event evicted since; `reset` when the set changed in a
 * way not told event by event (a new filter's result, Clear, resume, or evicted events whose
 * columns the store no longer holds), after which the count must start over.
 */
export interface ShownObserver {
  added(pos: number, seg: Segment, slot: number): void;
  removed(pos: number, seg: Segment, slot: number): void;
  reset(): void;
}

/** Above this many new matches at once (a long pause), re-sort instead of merging. */
const MERGE_LIMIT = 20_000;

function sameSort(a: SortSpec | null, b: SortSpec | null): boolean {
  return a === b || (a !== null && b !== null && a.column === b.column && a.desc === b.desc);
}

/** The scan's selection buffer: slots of one segment (scan-plan.ts). */
const selection = new Int32Array(SEGMENT_SIZE);

/** Tests positions [from, to) of the store, pushing matches; stops at `deadline` if given. */
function scan(
  store: EventStore,
  plan: ScanPlan,
  into: PositionIndex,
  from: number,
  to: number,
  deadline: number,
  now: () => number,
): number {
  let pos = Math.max(from, store.start);
  while (pos < to) {
    const seg = store.segment(pos);
    const base = seg.index * SEGMENT_SIZE;
    const segEnd = Math.min(to, base + SEGMENT_SIZE);
    // A time window rules out a whole segment at once; otherwise test it in chunks.
    if (plan.skip?.(seg) === true) pos = segEnd;
    else {
      const stop = Math.min(segEnd, pos + plan.chunk);
      into.pushSlots(base, selection, plan.select(seg, pos - base, stop - base, selection));
      pos = stop;
    }
    if (now() > deadline) break;
  }
  return pos;
}

/**
 * Matches found by scanning from the newest held position down, chunk by chunk (each chunk's
 * matches ascending), until `enough` are found, `lo` is reached, or the deadline passes.
 */
interface NewestScan {
  /** Chunks of matching positions, newest chunk first, each ascending. */
  readonly chunks: Float64Array[];
  found: number;
  /** Every position in [from, end) has been tested. */
  from: number;
}

function scanNewest(
  store: EventStore,
  plan: ScanPlan,
  into: NewestScan,
  lo: number,
  enough: number,
  deadline: number,
  now: () => number,
): void {
  lo = Math.max(lo, store.start);
  while (into.from > lo && into.found < enough) {
    const seg = store.segment(into.from - 1);
    const base = seg.index * SEGMENT_SIZE;
    const segStart = Math.max(lo, base);
    if (plan.skip?.(seg) === true) into.from = segStart;
    else {
      const start = Math.max(segStart, into.from - plan.chunk);
      const n = plan.select(seg, start - base, into.from - base, selection);
      if (n > 0)
        into.chunks.push(Float64Array.from(selection.subarray(0, n), (slot) => base + slot));
      into.found += n;
      into.from = start;
    }
    if (now() > deadline) break;
  }
}

/**
 * A new filter (without a sort) first looks for this many of the newest matches: once found,
 * they are shown (the rows a following view draws) and the rest of the buffer is scanned in
 * the background, the count marked as still counting (`counting`).
 */
const NEWEST_FIRST = 1000;

/** The background scan completing a newest-first result: positions [next, until) are left. */
interface Remaining {
  readonly fresh: PositionIndex;
  next: number;
  readonly until: number;
}

export class TabView {
  private compiled: CompiledFilters = compileFilters(EMPTY_FILTERS);
  /** Per field, the text whose matcher is in force (an invalid field keeps the old one). */
  private sources: FilterSpec = EMPTY_FILTERS;
  private appliedSources: FilterSpec = EMPTY_FILTERS;
  specVersion = 0;
  appliedVersion = 0;
  private test: ScanPlan | null = null;
  private list: PositionIndex | null = null;
  private scanned = 0;
  private sort: SortSpec | null = null;
  private order: Float64Array | null = null;
  private orderedUpTo = 0;
  private job: Job | null = null;
  /** A newest-first result on show: what is still to scan, and the job scanning it. */
  private remaining: Remaining | null = null;
  private counter: Job | null = null;
  /** Bumps whenever the list of matches is replaced (a new result, or one completed). */
  resultVersion = 0;
  private floorPos = 0;
  private floorMarker = 0;
  paused = false;
  private pauseEnd = 0;
  private pauseMarker = 0;
  private observer: ShownObserver | null = null;
  /** Evictions below this position have been told to the observer. */
  private observedStart = 0;

  constructor(private readonly deps: TabViewDeps) {
    this.floorPos = deps.store.start;
    this.scanned = deps.store.end;
  }

  /** The result shows the newest matches while older ones are still being scanned. */
  get counting(): boolean {
    return this.remaining !== null;
  }

  get errors(): CompiledFilters["errors"] {
    return this.compiled.errors;
  }

  /** Per invalid field, the text whose matcher is still in force. */
  get kept(): Partial<Record<FilterField, string>> {
    const kept: Partial<Record<FilterField, string>> = {};
    for (const f of FILTER_FIELDS)
      if (this.compiled.errors[f] !== undefined) kept[f] = this.sources[f];
    return kept;
  }

  get sortSpec(): SortSpec | null {
    return this.sort;
  }

  /** A new spec: errors at once, the rows once a job has filtered (and sorted) the buffer. */
  setSpec(version: number, spec: ViewSpec): void {
    this.specVersion = version;
    this.compiled = compileFilters(spec.filters, this.compiled);
    const sources = { ...this.sources };
    for (const f of FILTER_FIELDS)
      if (this.compiled.errors[f] === undefined) sources[f] = spec.filters[f];
    this.sources = sources;
    const filtersChanged = FILTER_FIELDS.some((f) => sources[f] !== this.appliedSources[f]);
    if (!filtersChanged && sameSort(spec.sort, this.sort)) {
      // Back to what is on screen (e.g. a typed character deleted again): nothing to compute.
      this.job?.cancel();
      this.job = null;
      this.appliedVersion = version;
      // The result on screen may still be counting (a newer spec had paused that).
      if (this.remaining !== null && this.counter === null) this.startCounter();
      this.deps.onChange();
      return;
    }
    this.rebuild(version, filtersChanged, spec.sort);
  }

  /** Evictions below this position have been told to the observer (catchUp tells them). */
  get evictionsToldBefore(): number {
    return this.observedStart;
  }

  /** From now on tells `observer` (null: nobody) how the shown set changes. */
  observe(observer: ShownObserver | null): void {
    this.observer = observer;
    this.observedStart = this.deps.store.start;
  }

  /** Hides everything received so far (this tab only). */
  clear(): void {
    this.catchUp();
    this.observer?.reset();
    // Everything older than the floor is hidden now: the newest matches are the result.
    this.stopCounting();
    this.floorPos = this.deps.store.end;
    this.floorMarker = this.deps.markers.newest;
    this.list?.dropBefore(this.floorPos);
    if (this.order !== null) this.order = new Float64Array(0);
    this.orderedUpTo = this.floorPos;
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.catchUp();
    this.paused = paused;
    this.pauseEnd = this.deps.store.end;
    this.pauseMarker = this.deps.markers.newest;
    if (!paused) {
      this.observer?.reset();
      this.catchUp();
    }
  }

  dispose(): void {
    this.job?.cancel();
    this.job = null;
    this.observer = null;
    this.stopCounting();
  }

  /** Brings the view up to the store's end (new matches in, evicted ones out). */
  catchUp(): void {
    const { store } = this.deps;
    const start = store.start;
    const end = store.end;
    const unseen = this.scanned;
    if (this.observer !== null) this.tellEvicted(this.observer, start);
    if (this.list !== null && this.test !== null) {
      this.list.dropBefore(start);
      const from = Math.max(this.scanned, this.floorPos);
      this.scanned = scan(store, this.test, this.list, from, end, Infinity, () => 0);
    } else this.scanned = end;
    if (this.observer !== null && !this.paused) this.tellAppended(this.observer, unseen, end);
    if (this.order === null || this.sort === null) return;
    this.order = dropEvicted(this.order, Math.max(start, this.floorPos));
    if (this.paused) return;
    const fresh = this.matchesBetween(Math.max(this.orderedUpTo, start), end);
    if (fresh.length > MERGE_LIMIT) {
      this.rebuild(this.appliedVersion, false, this.sort);
      return;
    }
    this.order = mergeInto(this.order, fresh, positionComparator(store, this.sort));
    this.orderedUpTo = end;
  }

  /** The rows as they stand now (after catchUp). */
  layout(): Layout<RowMarker> {
    const { store } = this.deps;
    const lo = Math.max(store.start, this.floorPos);
    const hi = this.paused ? Math.min(this.pauseEnd, store.end) : store.end;
    const markers = this.deps.markers.between(
      this.floorMarker,
      this.paused ? this.pauseMarker : this.deps.markers.newest,
    );
    if (this.order !== null && this.sort !== null) return this.sortedLayout(markers, lo);
    const list = this.list;
    if (list === null) {
      const count = Math.max(0, hi - lo);
      const before = markers.map((m) => Math.min(count, Math.max(0, m.at - lo)));
      return new Layout(count, (r) => lo + r, markers, before);
    }
    // Still counting: only the newest part of the buffer has been scanned, and is shown.
    const scannedFrom = this.remaining?.until ?? lo;
    const shownMarkers =
      this.remaining === null ? markers : markers.filter((m) => m.at >= scannedFrom);
    const first = list.lowerBound(Math.max(lo, scannedFrom));
    const count = Math.max(0, list.lowerBound(hi) - first);
    const before = shownMarkers.map((m) =>
      Math.min(count, Math.max(0, list.lowerBound(m.at) - first)),
    );
    return new Layout(count, (r) => list.at(first + r), shownMarkers, before);
  }

  /** While paused: matching events that arrived since the pause. */
  pendingNew(): number {
    if (!this.paused) return 0;
    const from = Math.max(this.pauseEnd, this.deps.store.start);
    return this.list === null
      ? Math.max(0, this.deps.store.end - from)
      : this.list.length - this.list.lowerBound(from);
  }

  /** The view index of a held event, when the view shows it. */
  indexOfPos(layout: Layout<RowMarker>, pos: number): number | undefined {
    if (this.order !== null) {
      const rank = this.order.indexOf(pos);
      return rank < 0 ? undefined : layout.indexOfRank(rank);
    }
    const { store } = this.deps;
    const lo = Math.max(store.start, this.floorPos);
    if (pos < lo || (this.paused && pos >= this.pauseEnd) || pos >= store.end) return undefined;
    if (this.list === null) return layout.indexOfRank(pos - lo);
    const rank = this.list.lowerBound(pos);
    if (this.list.at(rank) !== pos) return undefined;
    return layout.indexOfRank(rank - this.list.lowerBound(lo));
  }

  /**
   * Visits the events the view shows (its filters' matches after Clear, before a pause's
   * end; the same set whatever the sort) at positions >= `from`, ascending, until
   * `deadline`. Returns the next position to visit, Infinity when none is left. Positions keep
   * their meaning across calls, so a count may be spread over several slices (the counts
   * strip's Top, stats-feed.ts). Call after catchUp.
   */
  visitShown(
    from: number,
    visit: (seg: Segment, slot: number) => void,
    deadline: number,
    now: () => number,
  ): number {
    const { store } = this.deps;
    const lo = Math.max(from, store.start, this.floorPos);
    const hi = this.paused ? Math.min(this.pauseEnd, store.end) : store.end;
    const list = this.list;
    if (list === null) {
      let pos = lo;
      while (pos < hi) {
        const seg = store.segment(pos);
        const stop = Math.min(hi, (seg.index + 1) * SEGMENT_SIZE);
        for (; pos < stop; pos++) visit(seg, pos & SLOT_MASK);
        if (pos < hi && now() > deadline) return pos;
      }
      return Infinity;
    }
    for (let i = list.lowerBound(lo), n = 0; i < list.length; i++, n++) {
      const pos = list.at(i);
      if (pos >= hi) break;
      if ((n & 4095) === 4095 && now() > deadline) return pos;
      visit(store.segment(pos), pos & SLOT_MASK);
    }
    return Infinity;
  }

  /** The positions of the view's events in view order (an export's snapshot). */
  snapshot(): Float64Array {
    this.finishCounting();
    this.catchUp();
    const layout = this.layout();
    return Float64Array.from({ length: layout.eventCount }, (_, r) => layout.positionAt(r));
  }

  private sortedLayout(markers: Marker<RowMarker>[], lo: number): Layout<RowMarker> {
    let order = this.order ?? new Float64Array(0);
    const sort = this.sort;
    // `order` holds positions >= max(start, floor) (catchUp) and below orderedUpTo; only a
    // sort finished during a pause can reach past the pause.
    if (this.paused && this.orderedUpTo > this.pauseEnd) {
      const end = this.pauseEnd;
      order = order.filter((p) => p < end && p >= lo);
    }
    const count = order.length;
    let before: number[];
    if (sort?.column === "time") {
      const key = sortKeyOf(this.deps.store, "time");
      before = markers.map((m) => {
        // Events ahead of the gap: earlier than its start (ascending) or later (descending).
        let a = 0;
        let b = count;
        while (a < b) {
          const mid = (a + b) >>> 1;
          const t = key(order[mid] ?? 0) as number;
          if (sort.desc ? t > m.gap.startMs : t < m.gap.startMs) a = mid + 1;
          else b = mid;
        }
        return a;
      });
    } else before = markers.map(() => (sort?.desc === true ? count : 0));
    return new Layout(count, (r) => order[r] ?? NaN, markers, before);
  }

  /**
   * Tells the observer the shown events evicted since the last call: those in
   * [observedStart, start) that it was told were added (scanned, at/after the floor, before a
   * pause's end). Their columns must still be readable; when they are not, a reset instead.
   */
  private tellEvicted(observer: ShownObserver, start: number): void {
    const { store } = this.deps;
    const from = Math.max(this.observedStart, this.floorPos);
    const to = Math.min(start, this.scanned, this.paused ? this.pauseEnd : Infinity);
    this.observedStart = Math.max(this.observedStart, start);
    if (from >= to) return;
    const first = this.list === null ? from : this.list.at(this.list.lowerBound(from));
    if (first < to && first < store.readableFrom) {
      observer.reset();
      return;
    }
    this.forEachMatch(from, to, (pos) => {
      observer.removed(pos, store.segment(pos), pos & SLOT_MASK);
    });
  }

  /** Tells the observer the events appended in [from, to) that the view shows. */
  private tellAppended(observer: ShownObserver, from: number, to: number): void {
    const { store } = this.deps;
    const lo = Math.max(from, this.floorPos, store.start);
    this.forEachMatch(lo, to, (pos) => {
      observer.added(pos, store.segment(pos), pos & SLOT_MASK);
    });
  }

  /** Calls `fn` for each matching position in [from, to), ascending (after the scan). */
  private forEachMatch(from: number, to: number, fn: (pos: number) => void): void {
    const list = this.list;
    if (list === null) for (let pos = from; pos < to; pos++) fn(pos);
    else
      for (let i = list.lowerBound(from); i < list.length; i++) {
        const pos = list.at(i);
        if (pos >= to) break;
        fn(pos);
      }
  }

  /** Matching positions in [from, to), ascending (after catchUp has scanned them). */
  private matchesBetween(from: number, to: number): number[] {
    const out: number[] = [];
    const lo = Math.max(from, this.floorPos);
    if (this.list === null) for (let p = lo; p < to; p++) out.push(p);
    else
      for (let i = this.list.lowerBound(lo); i < this.list.length; i++) {
        const p = this.list.at(i);
        if (p >= to) break;
        out.push(p);
      }
    return out;
  }

  /** Starts the job that recomputes the view for `version`; the old view stays until done. */
  private rebuild(version: number, filtersChanged: boolean, sort: SortSpec | null): void {
    this.job?.cancel();
    // The result on screen stops counting while a newer one is computed (setSpec resumes it
    // when the newer spec turns out to be the one on screen).
    this.counter?.cancel();
    this.counter = null;
    const { store, scheduler } = this.deps;
    const now = () => scheduler.now();
    const sources = this.sources;
    // A new filter scans the buffer into a new list; a sort change reuses the live list.
    const test = filtersChanged ? scanPlan(store, this.compiled) : this.test;
    const fresh = filtersChanged && test !== null ? new PositionIndex() : null;
    let scanned = Math.max(store.start, this.floorPos);
    // Without a sort, the newest matches first (the rows a following view shows).
    const newest: NewestScan | null =
      fresh !== null && sort === null ? { chunks: [], found: 0, from: store.end } : null;
    const scannedTo = store.end;
    let sorting: ReturnType<typeof sortJob> | null = null;
    let sortedUpTo = 0;
    const step: JobStep = (deadline) => {
      if (newest !== null && test !== null) {
        const lo = Math.max(store.start, this.floorPos);
        scanNewest(store, test, newest, lo, NEWEST_FIRST, deadline, now);
        return newest.from <= lo || newest.found >= NEWEST_FIRST;
      }
      if (fresh !== null && test !== null && scanned < store.end) {
        scanned = scan(store, test, fresh, scanned, store.end, deadline, now);
        if (scanned < store.end) return false;
      }
      if (sort === null) return true;
      if (sorting === null) {
        if (!filtersChanged) {
          // A sort needs every match of the list it sorts.
          this.finishCounting();
          this.catchUp();
        }
        const list = filtersChanged ? fresh : this.list;
        list?.dropBefore(store.start);
        sortedUpTo = store.end;
        const lo = Math.max(store.start, this.floorPos);
        const input =
          list === null
            ? Float64Array.from({ length: sortedUpTo - lo }, (_, i) => lo + i)
            : list.toArray();
        sorting = sortJob(store, sort, input, now);
      }
      return sorting.step(deadline);
    };
    this.job = runJob(scheduler, step, () => {
      this.job = null;
      if (filtersChanged) {
        this.stopCounting();
        this.test = test;
        this.list = fresh;
        this.scanned = fresh === null ? store.end : scanned;
        if (newest !== null && fresh !== null) {
          for (let c = newest.chunks.length - 1; c >= 0; c--)
            for (const pos of newest.chunks[c] ?? []) fresh.push(pos);
          this.scanned = scannedTo;
          const lo = Math.max(store.start, this.floorPos);
          if (newest.from > lo) {
            this.remaining = { fresh: new PositionIndex(), next: lo, until: newest.from };
            this.startCounter();
          }
        }
        this.resultVersion++;
      }
      this.sort = sort;
      this.order = sorting === null ? null : sorting.result();
      this.orderedUpTo = sortedUpTo;
      this.appliedSources = sources;
      this.appliedVersion = version;
      if (filtersChanged) this.observer?.reset();
      // A result still counting goes on (rebuild paused it).
      if (this.remaining !== null && this.counter === null) this.startCounter();
      this.catchUp();
      this.deps.onChange();
    });
  }

  /** Scans what a newest-first result has left, in slices, then shows the whole result. */
  private startCounter(): void {
    this.counter = runJob(
      this.deps.scheduler,
      (deadline) => this.countSome(deadline),
      () => {
        this.counter = null;
        this.deps.onChange();
      },
    );
  }

  /** Scans the remaining positions until `deadline`; true (and the list whole) when done. */
  private countSome(deadline: number): boolean {
    const rest = this.remaining;
    const { store, scheduler } = this.deps;
    if (rest === null || this.test === null || this.list === null) {
      this.remaining = null;
      return true;
    }
    rest.next = scan(store, this.test, rest.fresh, rest.next, rest.until, deadline, () =>
      scheduler.now(),
    );
    if (rest.next < rest.until) return false;
    // The older matches, then those the list holds (all at or after `until`).
    const whole = rest.fresh;
    const list = this.list;
    for (let i = 0; i < list.length; i++) whole.push(list.at(i));
    whole.dropBefore(Math.max(store.start, this.floorPos));
    this.list = whole;
    this.remaining = null;
    this.resultVersion++;
    // The older matches are shown now too: the counts strip counts the whole result again.
    this.observer?.reset();
    return true;
  }

  /** Completes a newest-first result at once (an export needs every match). */
  private finishCounting(): void {
    if (this.remaining === null) return;
    this.counter?.cancel();
    this.counter = null;
    this.countSome(Infinity);
  }

  /** Forgets what a newest-first result had left to scan: its list stands as the result. */
  private stopCounting(): void {
    this.counter?.cancel();
    this.counter = null;
    this.remaining = null;
  }
}
