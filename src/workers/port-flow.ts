/**
 * Per-page flow control for the ingest hub: how many rows a page has been sent but not yet
 * acknowledged, and what it lost while it was too far behind.
 *
 * Why: a MessagePort queue has no limit. A page that cannot keep up (CPU starved, throttled
 * 20x, stuck in a long task) would otherwise make the browser queue every batch the worker
 * posts — unbounded memory, and a page that shows ever older events. Instead the page acks
 * each batch once it has taken it into its store; while more than `maxUnackedRows` rows are
 * unacknowledged, further batches for that page are dropped and counted (never silently:
 * the count, with the period it covers, is posted as a `lost` message as soon as the page
 * has caught up, before any newer rows, so it lands in the table where the events were).
 *
 * Invariants: batch ids increase per port; an ack for batch b acknowledges every batch up
 * to b (a port delivers in order); once dropping, a port keeps dropping until the page acks
 * again (so a loss is one contiguous range, not holes between stray batches); the first
 * batch after a full catch-up is always sent, so a single huge batch cannot wedge a page.
 */
import type { PortLike } from "./ingest-hub";
import type { ToPage } from "./protocol";

/** About 2 s of a busy cluster (5,000 events/s): absorbs long tasks, bounds a stuck page. */
export const DEFAULT_MAX_UNACKED_ROWS = 10_000;

export interface LostRange {
  readonly count: number;
  readonly startMs: number;
  readonly endMs: number;
}

export class PortFlow {
  private nextBatch = 1;
  /** [batch id, rows] posted and not yet acknowledged, oldest first. */
  private readonly inFlight: [number, number][] = [];
  private unackedRows = 0;
  private lost: { count: number; startMs: number; endMs: number } | null = null;
  private ackedSinceLoss = false;
  /** Events this page never got because it was behind (for diagnostics and tests). */
  lostTotal = 0;

  constructor(
    readonly port: PortLike,
    readonly maxUnackedRows = DEFAULT_MAX_UNACKED_ROWS,
  ) {}

  /**
   * Posts a batch of `rowCount` rows built by `make(batchId)`, or drops it if the page is
   * behind. A dropped batch costs the page its rows and also the drops its rate_limit_info
   * rows reported (`reportedDrops`): both are counted as lost, so the page's Dropped count
   * stays whole.
   */
  offer(
    rowCount: number,
    reportedDrops: number,
    nowMs: number,
    make: (batch: number) => [ToPage, Transferable[]],
  ): boolean {
    const behind =
      (this.lost !== null && !this.ackedSinceLoss) ||
      this.unackedRows + rowCount > this.maxUnackedRows;
    if (behind && this.unackedRows > 0) {
      this.ackedSinceLoss = false;
      this.lost ??= { count: 0, startMs: nowMs, endMs: nowMs };
      this.lost.count += rowCount + reportedDrops;
      this.lost.endMs = nowMs;
      this.lostTotal += rowCount + reportedDrops;
      return false;
    }
    this.reportLost();
    const batch = this.nextBatch++;
    this.inFlight.push([batch, rowCount]);
    this.unackedRows += rowCount;
    const [message, transfer] = make(batch);
    this.port.postMessage(message, transfer);
    return true;
  }

  /** The page has taken every batch up to `batch` into its store. */
  ack(batch: number): void {
    this.ackedSinceLoss = true;
    for (let head = this.inFlight[0]; head !== undefined && head[0] <= batch;) {
      this.inFlight.shift();
      this.unackedRows -= head[1];
      head = this.inFlight[0];
    }
    if (this.unackedRows === 0) this.reportLost();
  }

  get unacknowledged(): number {
    return this.unackedRows;
  }

  /** Tells the page what it missed (once), before anything newer reaches it. */
  private reportLost(): void {
    const lost = this.lost;
    if (lost === null) return;
    this.lost = null;
    this.port.postMessage({ type: "lost", ...lost });
  }
}
