/**
 * The per-stream queues under one memory budget: shares shrink as queues join (the others
 * are trimmed at once), a queue over its share drops its oldest events and reports them per
 * node, and waiting events are detached from the buffer they were read into.
 */
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../../src/gen/tetragon/events_pb.js";
import { EmptySchema } from "@bufbuild/protobuf/wkt";
import { execEvent } from "../testing/fixtures.js";
import { type OpaqueEvent, fromOpaque } from "../upstream/opaque-events.js";
import { BrowserQueue } from "./browser-queue.js";
import { QueueBudget } from "./queue-budget.js";

/**
 * An opaque event of `node`, read from a buffer much larger than itself (like one HTTP/2
 * read). Sequence numbers 100..999 keep every event the same size.
 */
function readEvent(node: string, n: number): OpaqueEvent {
  const bytes = toBinary(GetEventsResponseSchema, execEvent(node, "/bin/x", 100 + n));
  const read = new Uint8Array(64 * 1024);
  read.set(bytes, 100);
  return fromOpaque(fromBinary(EmptySchema, read.subarray(100, 100 + bytes.byteLength)));
}

const size = readEvent("node-a", 0).bytes.byteLength;

describe("BrowserQueue and QueueBudget", () => {
  it("keeps every queue within an equal share of the budget and reports drops per node", () => {
    let dropped = 0;
    const budget = new QueueBudget(100 * (size + 96));
    const a = new BrowserQueue(budget, (n) => (dropped += n));
    budget.join(a);
    for (let i = 0; i < 80; i++) a.push(readEvent(i % 2 === 0 ? "node-a" : "node-b", i));
    expect(a.items.size).toBe(80);
    expect(dropped).toBe(0);

    // A second queue halves the share: the first is trimmed at once, oldest first.
    const b = new BrowserQueue(budget, (n) => (dropped += n));
    budget.join(b);
    expect(a.bytes).toBeLessThanOrEqual(budget.share);
    expect(a.items.size).toBe(50);
    expect(dropped).toBe(30);
    const notices = a.takeNotices();
    expect(
      notices.map((n) => [
        n.nodeName,
        n.event.case === "rateLimitInfo" ? n.event.value.numberOfDroppedProcessEvents : -1n,
      ]),
    ).toEqual([
      ["node-a", 15n],
      ["node-b", 15n],
    ]);
    expect(a.takeNotices()).toEqual([]);

    for (let i = 0; i < 200; i++) b.push(readEvent("node-c", i));
    expect(b.bytes).toBeLessThanOrEqual(budget.share);
    expect(budget.used).toBeLessThanOrEqual(budget.totalBytes);
    // The newest events stay: the oldest left is number 200 - size.
    expect(b.items.tryShift()?.message).toEqual(
      readEvent("node-c", 200 - b.items.size - 1).message,
    );
  });

  it("detaches events that wait, so a queue holds their bytes, not the reads they came in", () => {
    const budget = new QueueBudget(1 << 30);
    const q = new BrowserQueue(budget, () => undefined);
    budget.join(q);
    const events = Array.from({ length: 40 }, (_, i) => readEvent("node-a", i));
    for (const e of events) q.push(e);
    // The first ones were pushed while the browser kept up: still views into their read.
    expect(events[0]!.bytes.buffer.byteLength).toBe(64 * 1024);
    // Those queued behind 32 others own their bytes, and are still the same event.
    const late = events[39]!;
    expect(late.bytes.buffer.byteLength).toBe(size);
    expect(toBinary(GetEventsResponseSchema, late.message)).toEqual(
      toBinary(GetEventsResponseSchema, execEvent("node-a", "/bin/x", 139)),
    );
  });
});
