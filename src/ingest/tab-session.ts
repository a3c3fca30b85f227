/**
 * One connected tab, as the hub sees it: its TabView, the viewport it draws, and the flow
 * control of its updates. The tab acks each update once it is on screen; until then nothing
 * more is sent, and whatever changes meanwhile is coalesced into the next update. So a tab
 * that is slow, throttled or paused in a debugger costs one pending message and loses
 * nothing: the events are in the worker, the tab is shown the latest state when it is ready.
 *
 * Scroll anchoring: in arrival order, eviction removes rows from the top of the view; when the
 * tab is not following the newest rows, the window moves up with the rows it showed and
 * `headShift` tells the tab by how much, so what the user reads stays in place.
 */
import type {
  Counts,
  GapEntry,
  NoteEntry,
  RowMarker,
  ToPage,
  ViewEntry,
  ViewUpdate,
  Viewport,
} from "../protocol/protocol.js";
import type { PortLike } from "./port.js";
import type { EventStore } from "./store/event-store.js";
import type { Marker } from "./store/markers.js";
import type { Layout } from "./views/layout.js";
import type { TabView } from "./views/tab-view.js";

/** Rows a tab gets before it has said how many it draws. */
const DEFAULT_ROWS = 100;
/** More rows than a screen can hold are never sent at once. */
const MAX_ROWS = 1_000;

type Anchor =
  | {
      readonly type: "event";
      readonly pos: number;
      readonly index: number;
      readonly version: number;
    }
  | {
      readonly type: "marker";
      readonly seq: number;
      readonly index: number;
      readonly version: number;
    };

export function markerEntry(marker: Marker<RowMarker>): GapEntry | NoteEntry {
  const m = marker.gap;
  return "note" in m
    ? { type: "note", id: `n${String(marker.seq)}`, ...m }
    : { type: "gap", id: `g${String(marker.seq)}`, ...m };
}

export class TabSession {
  private viewport: Viewport = { first: 0, count: DEFAULT_ROWS, follow: true, shiftBasis: 0 };
  private first = 0;
  private headShift = 0;
  private anchor: Anchor | null = null;
  private nextUpdate = 1;
  private awaiting: number | null = null;
  private dirty = true;
  /** The tab asked for something (viewport, filter result, pause...): answer at once. */
  private urgent = true;

  constructor(
    readonly port: PortLike,
    readonly view: TabView,
    private readonly store: EventStore,
  ) {}

  setViewport(viewport: Viewport): void {
    const count = Math.max(1, Math.min(MAX_ROWS, Math.floor(viewport.count)));
    this.viewport = { ...viewport, count };
    // `first` was computed before the shifts the tab has not seen yet.
    this.first = Math.max(0, Math.floor(viewport.first) - (this.headShift - viewport.shiftBasis));
    this.markDirty(true);
  }

  /**
   * Something the tab shows changed. `urgent`: the tab's own request (answered as soon as
   * the tab has taken its last update); otherwise new events, sent at the hub's next tick.
   */
  markDirty(urgent = false): void {
    this.dirty = true;
    if (urgent) this.urgent = true;
  }

  /**
   * An update the tab asked for is waiting. Only these are sent when an ack arrives: were
   * new events sent then too, a tab would get one update per frame it draws (~60/s) however
   * often the hub ticks, and a busy stream would keep its main thread rendering rows no one
   * can read at that pace.
   */
  get urgentPending(): boolean {
    return this.dirty && this.urgent;
  }

  /** Something changed since the last update (sent at the next tick). */
  get dirtyPending(): boolean {
    return this.dirty;
  }

  ack(update: number): void {
    if (this.awaiting !== null && update >= this.awaiting) this.awaiting = null;
  }

  /** An update is out and not acked yet. */
  get awaitingAck(): boolean {
    return this.awaiting !== null;
  }

  get ready(): boolean {
    return this.dirty && this.awaiting === null;
  }

  /** Builds and posts the next update if the tab has taken the last one. */
  sendIfReady(
    counts: Omit<Counts, "shown" | "counting" | "paused" | "pendingNew">,
    bench?: ViewUpdate["bench"],
  ): void {
    if (!this.ready) return;
    this.view.catchUp();
    const layout = this.view.layout();
    const update = this.build(layout, {
      ...counts,
      shown: layout.eventCount,
      counting: this.view.counting,
      paused: this.view.paused,
      pendingNew: this.view.pendingNew(),
    });
    this.dirty = false;
    this.urgent = false;
    this.awaiting = update.update;
    const message: ToPage = {
      type: "update",
      update: bench === undefined ? update : { ...update, bench },
    };
    this.port.postMessage(message);
  }

  private build(layout: Layout<RowMarker>, counts: Counts): ViewUpdate {
    const { view } = this;
    const rowCount = layout.rowCount;
    const count = this.viewport.count;
    let first: number;
    if (this.viewport.follow) first = Math.max(0, rowCount - count);
    else {
      this.keepAnchor(layout);
      first = Math.max(0, Math.min(this.first, rowCount - 1));
    }
    const rows: ViewEntry[] = [];
    for (let i = first; i < Math.min(rowCount, first + count); i++) {
      const e = layout.entryAt(i);
      if (e === undefined) break;
      rows.push(
        e.type === "event"
          ? { type: "event", row: this.store.rowView(e.pos) }
          : markerEntry(e.marker),
      );
    }
    const top = layout.entryAt(first);
    const version = view.appliedVersion;
    this.anchor =
      top === undefined
        ? null
        : top.type === "event"
          ? { type: "event", pos: top.pos, index: first, version }
          : { type: "marker", seq: top.marker.seq, index: first, version };
    return {
      update: this.nextUpdate++,
      version,
      errorsVersion: view.specVersion,
      errors: view.errors,
      kept: view.kept,
      rowCount,
      first,
      rows,
      headShift: this.headShift,
      counts,
    };
  }

  /** Moves `first` up by the rows evicted above the anchor (arrival order only). */
  private keepAnchor(layout: Layout<RowMarker>): void {
    const a = this.anchor;
    if (a === null || a.version !== this.view.appliedVersion || this.view.sortSpec !== null) return;
    let now: number | undefined;
    if (a.type === "marker") now = layout.indexOfMarker(a.seq);
    else if (this.store.holds(a.pos)) now = this.view.indexOfPos(layout, a.pos);
    else now = 0;
    if (now === undefined || now >= a.index) return;
    const shift = a.index - now;
    this.headShift += shift;
    this.first = Math.max(0, this.first - shift);
  }
}
