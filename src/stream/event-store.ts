/**
 * The event store: the one place the live buffer lives, outside React.
 *
 * Data flow: `ingest(batch)` (and `addGap`) queue entries; one commit per animation frame
 * (injected FrameScheduler) pushes them into the RingBuffer, advances the MatchIndex over the
 * new positions only, refreshes the counters and publishes a new immutable snapshot to
 * `subscribe`rs (read with useSyncExternalStore in src/hooks). A filter or sort change
 * recomputes the view over the whole buffer at once.
 *
 * Invariants: the snapshot object changes once per commit (never per event); while paused,
 * incoming entries wait in `pending` (bounded by the capacity, oldest dropped and counted as
 * evicted) so the visible rows stay put; `received` counts every event ever ingested.
 */
import type { Cancel, Clock, FrameScheduler } from "../lib/clock";
import { MatchIndex } from "./match-index";
import { RateMeter } from "./rate-meter";
import { RingBuffer } from "./ring-buffer";
import type {
  BufferEntry,
  EntryComparator,
  EventEntry,
  GapEntry,
  IngestItem,
  RowPredicate,
} from "./types";

export const DEFAULT_CAPACITY = 100_000;

/**
 * A held event: two fields per event. The id string and the raw message are derived on
 * demand (a row id string per event and an eagerly read `raw` would cost memory, or a decode,
 * for each of up to a million held events).
 */
class HeldEvent<R> implements EventEntry<R> {
  readonly type = "event";
  constructor(private readonly item: IngestItem<R>) {}
  get id(): string {
    return `e${String(this.item.row.seq)}`;
  }
  get row(): IngestItem<R>["row"] {
    return this.item.row;
  }
  get raw(): R {
    return this.item.raw;
  }
}

export interface StoreSnapshot<R> {
  /** Number of visible rows (matching entries, gaps included). */
  readonly rowCount: number;
  /** The visible row at index i of the current view (sorted or arrival order). */
  rowAt(i: number): BufferEntry<R> | undefined;
  readonly received: number;
  /** Events that match the filters and are held in the buffer. */
  readonly shown: number;
  readonly evicted: number;
  /**
   * Events known to be lost before reaching the table: drops reported by rate_limit_info
   * events (Tetragon's limiter, or the gateway for a slow client) and events this tab was
   * too slow to receive.
   */
  readonly dropped: number;
  readonly eventsPerSec: number;
  readonly paused: boolean;
  /** Events received while paused, waiting to be shown. */
  readonly pendingNew: number;
  readonly capacity: number;
  /** Entries held in the buffer. */
  readonly size: number;
  /** Bumps on every change: cheap equality for memo dependencies. */
  readonly version: number;
}

export interface EventStoreOptions {
  clock: Clock;
  frames: FrameScheduler;
  capacity?: number;
}

export class EventStore<R> {
  private buffer: RingBuffer<BufferEntry<R>>;
  private readonly index = new MatchIndex();
  private sorted: number[] | null = null;
  private predicate: RowPredicate | null = null;
  private comparator: EntryComparator<R> | null = null;
  private incoming: BufferEntry<R>[] = [];
  private pending: BufferEntry<R>[] = [];
  private paused = false;
  private received = 0;
  private evicted = 0;
  private dropped = 0;
  private shownEvents = 0;
  private gapCount = 0;
  private version = 0;
  private frame: Cancel | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly rate: RateMeter;
  private snapshot: StoreSnapshot<R>;

  constructor(private readonly options: EventStoreOptions) {
    this.buffer = new RingBuffer(options.capacity ?? DEFAULT_CAPACITY);
    this.rate = new RateMeter(options.clock, () => {
      this.publish();
    });
    this.snapshot = this.makeSnapshot();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): StoreSnapshot<R> => this.snapshot;

  /** The one entry point for decoded events (from the stream loop today, a worker later). */
  ingest(batch: readonly IngestItem<R>[]): void {
    if (batch.length === 0) return;
    this.received += batch.length;
    this.rate.record(batch.length);
    for (const item of batch) {
      this.incoming.push(new HeldEvent(item));
    }
    this.schedule();
  }

  /** Counts events lost upstream of the store (they are reported, not received). */
  noteDropped(count: number): void {
    if (count <= 0) return;
    this.dropped += count;
    this.schedule();
  }

  /** Records an outage; it lands after the events already received. */
  addGap(gap: Omit<GapEntry, "type" | "id">): void {
    this.incoming.push({ type: "gap", id: `g${++this.gapCount}`, ...gap });
    this.schedule();
  }

  setPaused(paused: boolean): void {
    if (this.paused === paused) return;
    this.paused = paused;
    if (!paused) {
      this.incoming = this.pending.concat(this.incoming);
      this.pending = [];
    }
    this.commit();
  }

  clear(): void {
    this.buffer.clear();
    this.index.clear();
    this.sorted = this.comparator ? [] : null;
    this.pending = [];
    this.incoming = [];
    this.shownEvents = 0;
    this.publish();
  }

  setCapacity(capacity: number): void {
    if (capacity === this.buffer.capacity) return;
    const next = new RingBuffer<BufferEntry<R>>(capacity);
    for (const entry of this.buffer) {
      if (next.push(entry)?.type === "event") this.evicted++;
    }
    this.buffer = next;
    this.recompute();
  }

  setFilter(predicate: RowPredicate | null): void {
    this.predicate = predicate;
    this.recompute();
  }

  setSort(comparator: EntryComparator<R> | null): void {
    this.comparator = comparator;
    this.recompute();
  }

  /** Newest-first search of the held entries (e.g. the exec matching an exit). */
  findLatest(test: (entry: BufferEntry<R>) => boolean): BufferEntry<R> | undefined {
    for (let pos = this.buffer.end - 1; pos >= this.buffer.start; pos--) {
      const entry = this.buffer.at(pos);
      if (entry !== undefined && test(entry)) return entry;
    }
    return undefined;
  }

  /** Applies queued entries now (the frame callback; tests call it through a fake scheduler). */
  commit(): void {
    this.frame?.();
    this.frame = null;
    if (this.paused) {
      this.pending.push(...this.incoming);
      this.incoming = [];
      const overflow = this.pending.length - this.buffer.capacity;
      if (overflow > 0) {
        this.evicted += this.pending.splice(0, overflow).filter((e) => e.type === "event").length;
      }
      this.publish();
      return;
    }
    const from = this.buffer.end;
    for (const entry of this.incoming) {
      const outPos = this.buffer.start;
      const out = this.buffer.push(entry);
      if (out?.type === "event") {
        this.evicted++;
        // Only entries from earlier commits were counted as shown.
        if (outPos < from && this.matches(out)) this.shownEvents--;
      }
    }
    this.incoming = [];
    this.index.dropBefore(this.buffer.start);
    const added = this.index.append(this.buffer, from, this.matches);
    for (const pos of added) if (this.buffer.at(pos)?.type === "event") this.shownEvents++;
    if (this.sorted !== null) this.mergeSorted(added);
    this.publish();
  }

  dispose(): void {
    this.frame?.();
    this.frame = null;
    this.rate.dispose();
    this.listeners.clear();
  }

  private readonly matches = (entry: BufferEntry<R>): boolean =>
    entry.type === "gap" || this.predicate === null || this.predicate(entry.row);

  private schedule(): void {
    this.frame ??= this.options.frames.request(() => {
      this.frame = null;
      this.commit();
    });
  }

  private recompute(): void {
    this.index.rebuild(this.buffer, this.matches);
    this.shownEvents = 0;
    for (const pos of this.index.toArray()) {
      if (this.buffer.at(pos)?.type === "event") this.shownEvents++;
    }
    this.sorted = null;
    if (this.comparator !== null) this.mergeSorted(this.index.toArray());
    this.publish();
  }

  /** Sorted view upkeep: drop evicted positions, merge the (sorted) new ones in O(n + k log k). */
  private mergeSorted(added: number[]): void {
    const compare = this.comparator;
    if (compare === null) return;
    const buffer = this.buffer;
    const cmp = (a: number, b: number): number => {
      const x = buffer.at(a);
      const y = buffer.at(b);
      return (x !== undefined && y !== undefined ? compare(x, y) : 0) || a - b;
    };
    const start = this.buffer.start;
    const old = (this.sorted ?? []).filter((pos) => pos >= start);
    const fresh = added.filter((pos) => pos >= start).sort(cmp);
    const merged: number[] = [];
    let i = 0;
    let j = 0;
    while (i < old.length || j < fresh.length) {
      const a = old[i];
      const b = fresh[j];
      if (a !== undefined && (b === undefined || cmp(a, b) <= 0)) {
        merged.push(a);
        i++;
      } else if (b !== undefined) {
        merged.push(b);
        j++;
      }
    }
    this.sorted = merged;
  }

  private publish(): void {
    this.version++;
    this.snapshot = this.makeSnapshot();
    for (const listener of this.listeners) listener();
  }

  private makeSnapshot(): StoreSnapshot<R> {
    const buffer = this.buffer;
    const sorted = this.sorted;
    const index = this.index;
    const rowCount = sorted !== null ? sorted.length : index.length;
    return {
      rowCount,
      rowAt: (i) => {
        const pos = sorted !== null ? sorted[i] : index.at(i);
        return pos === undefined ? undefined : buffer.at(pos);
      },
      received: this.received,
      shown: this.shownEvents,
      evicted: this.evicted,
      dropped: this.dropped,
      eventsPerSec: this.rate.perSecond(),
      paused: this.paused,
      pendingNew: this.pending.filter((e) => e.type === "event").length,
      capacity: buffer.capacity,
      size: buffer.size,
      version: this.version,
    };
  }
}
