/**
 * Where each row of a tab's view sits: the tab's matching events (in arrival order, or in a
 * sorted order) with the gap markers merged in. Built on demand from the event count, a
 * rank -> position function and, per marker, how many of the view's events come before it;
 * O(markers) to build, O(log markers) per row.
 */
import type { Marker } from "../store/markers.js";

export type LayoutEntry<G> =
  | { readonly type: "event"; readonly pos: number }
  | { readonly type: "marker"; readonly marker: Marker<G> };

export class Layout<G> {
  /** View index of each marker, ascending. */
  private readonly markerIndex: number[];

  constructor(
    readonly eventCount: number,
    private readonly eventAt: (rank: number) => number,
    private readonly markers: readonly Marker<G>[],
    /** Per marker (same order), how many of the view's events come before it. */
    eventsBefore: readonly number[],
  ) {
    this.markerIndex = eventsBefore.map((n, j) => n + j);
  }

  /** The position of the event with this rank (0 = the view's first event). */
  positionAt(rank: number): number {
    return this.eventAt(rank);
  }

  get rowCount(): number {
    return this.eventCount + this.markers.length;
  }

  /** Number of markers whose view index is below `index`. */
  private markersBelow(index: number): number {
    let lo = 0;
    let hi = this.markerIndex.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.markerIndex[mid] ?? 0) < index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  entryAt(index: number): LayoutEntry<G> | undefined {
    if (index < 0 || index >= this.rowCount) return undefined;
    const below = this.markersBelow(index);
    const marker = this.markers[below];
    if (marker !== undefined && this.markerIndex[below] === index)
      return { type: "marker", marker };
    return { type: "event", pos: this.eventAt(index - below) };
  }

  /** The view index of the event with this rank among the view's events. */
  indexOfRank(rank: number): number {
    // Markers placed before event `rank` are those with at most `rank` events before them.
    let lo = 0;
    let hi = this.markerIndex.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.markerIndex[mid] ?? 0) - mid <= rank) lo = mid + 1;
      else hi = mid;
    }
    return rank + lo;
  }

  indexOfMarker(seq: number): number | undefined {
    const j = this.markers.findIndex((m) => m.seq === seq);
    return j < 0 ? undefined : this.markerIndex[j];
  }
}
