/**
 * The page's copy of its view: the last update the worker sent (rows on screen, counts,
 * filter errors), read by React through subscribe/getSnapshot. Holds only the window of rows
 * the table draws, never the buffer. The snapshot object changes once per update.
 */
import type { Counts, ViewEntry, ViewUpdate } from "../protocol/protocol";

export interface ViewSnapshot {
  /** Rows in the view (filters applied, gaps included). */
  readonly rowCount: number;
  /** The row at view index i, when it is in the window the worker sent. */
  rowAt(i: number): ViewEntry | undefined;
  readonly first: number;
  readonly rows: readonly ViewEntry[];
  readonly counts: Counts;
  /** The spec version whose result the rows show, and the errors of the newest spec. */
  readonly version: number;
  readonly errorsVersion: number;
  readonly errors: ViewUpdate["errors"];
  readonly kept: ViewUpdate["kept"];
  readonly headShift: number;
  /** Bumps with every update: a cheap dependency for effects. */
  readonly update: number;
}

const NO_COUNTS: Counts = {
  received: 0,
  shown: 0,
  evicted: 0,
  dropped: 0,
  eventsPerSec: 0,
  paused: false,
  pendingNew: 0,
  counting: false,
  capacity: 0,
  size: 0,
};

function snapshotOf(u: ViewUpdate | undefined): ViewSnapshot {
  const first = u?.first ?? 0;
  const rows = u?.rows ?? [];
  return {
    rowCount: u?.rowCount ?? 0,
    rowAt: (i) => rows[i - first],
    first,
    rows,
    counts: u?.counts ?? NO_COUNTS,
    version: u?.version ?? 0,
    errorsVersion: u?.errorsVersion ?? 0,
    errors: u?.errors ?? {},
    kept: u?.kept ?? {},
    headShift: u?.headShift ?? 0,
    update: u?.update ?? 0,
  };
}

export class ViewStore {
  private snapshot = snapshotOf(undefined);
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ViewSnapshot => this.snapshot;

  set(update: ViewUpdate): void {
    this.snapshot = snapshotOf(update);
    for (const listener of this.listeners) listener();
  }
}
