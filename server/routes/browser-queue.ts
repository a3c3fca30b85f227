/**
 * The queue of one browser GetEvents stream: events from every agent it watches, in arrival
 * order, bounded by a count (`queueCapacity`) and by its share of the gateway-wide memory
 * budget (queue-budget.ts). Full: the oldest event is dropped and counted per node; the
 * browser learns how many through Tetragon's own `rate_limit_info` event before the next
 * event it receives (`takeNotices`).
 *
 * Memory: an event arrives as a view into the chunk it was read in; one that has to wait (the
 * browser is behind) is compacted to a buffer of its own (opaque-events.ts), so what a queue
 * holds is about its events' bytes, which is what the budget counts.
 */
import { create } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import {
  type GetEventsResponse,
  GetEventsResponseSchema,
} from "../../src/gen/tetragon/events_pb.js";
import { AsyncQueue } from "../upstream/async-queue.js";
import type { OpaqueEvent } from "../upstream/opaque-events.js";
import type { BudgetMember, QueueBudget } from "./queue-budget.js";

/** About 1 s of a busy node (2,000 events/s): absorbs hiccups, bounds a stalled tab. */
export const queueCapacity = 2_048;

/** Events queued behind this many are about to wait: compact them. */
const compactBehind = 32;
/** Bookkeeping per queued compact event besides its bytes (objects, view, array slot). */
const perEventOverhead = 160;

export class BrowserQueue implements BudgetMember {
  readonly items = new AsyncQueue<OpaqueEvent>(
    queueCapacity,
    (e) => e.bytes.byteLength + perEventOverhead,
  );
  private readonly dropped = new Map<string, bigint>();

  constructor(
    private readonly budget: QueueBudget,
    private readonly onDrop: (n: number) => void,
  ) {}

  get bytes(): number {
    return this.items.weight;
  }

  get hasNotices(): boolean {
    return this.dropped.size > 0;
  }

  push(event: OpaqueEvent): void {
    if (this.items.size >= compactBehind) event.compact();
    const evicted = this.items.push(event);
    if (evicted !== undefined) this.count(evicted);
    this.trimTo(this.budget.share);
  }

  trimTo(bytes: number): void {
    while (this.items.weight > bytes && this.items.size > 1) {
      const evicted = this.items.dropOldest();
      if (evicted !== undefined) this.count(evicted);
    }
  }

  /** Drop notices, one per node, for the events dropped since the last call. */
  takeNotices(): GetEventsResponse[] {
    const notices = [...this.dropped].map(([nodeName, n]) =>
      create(GetEventsResponseSchema, {
        nodeName,
        time: timestampNow(),
        event: { case: "rateLimitInfo", value: { numberOfDroppedProcessEvents: n } },
      }),
    );
    this.dropped.clear();
    return notices;
  }

  private count(evicted: OpaqueEvent): void {
    this.dropped.set(evicted.nodeName, (this.dropped.get(evicted.nodeName) ?? 0n) + 1n);
    this.onDrop(1);
  }
}
