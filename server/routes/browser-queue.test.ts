/**
 * The per-stream queues under one memory budget: shares shrink as queues join (the others
 * are trimmed at once), a queue over its share drops its oldest events and reports them per
 * node, and waiting events are compacted to their bytes without changing them.
 */
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../../src/gen/tetragon/events_pb.js";
import { EmptySchema } from "@bufbuild/protobuf/wkt";
import { execEvent } from "../testing/fixtures.js";
import { type OpaqueEvent, fromOpaque } from "../upstream/opaque-events.js";
import { BrowserQueue } from "./browser-queue.js";
import { QueueBudget } from "./queue-budget.js";

/** An opaque event of `node`, as the gateway reads it. Numbers 0..899 keep sizes equal. */
function readEvent(node: string, n: number): OpaqueEvent {
  const bytes = toBinary(GetEventsResponseSchema, execEvent(node, "/bin/x", 100 + n));
  return fromOpaque(fromBinary(EmptySchema, bytes));
}

const size = readEvent("node-a", 0).bytes.byteLength;

describe("BrowserQueue and QueueBudget", () => {
  it("keeps every queue within an equal share of the budget and reports drops per node", () => {
    let dropped = 0;
    const budget = new QueueBudget(100 * (size + 160));
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

  it("compacts events that wait to their bytes, and they stay the same events", () => {
    const budget = new QueueBudget(1 << 30);
    const q = new BrowserQueue(budget, () => undefined);
    budget.join(q);
    const events = Array.from({ length: 40 }, (_, i) => readEvent("node-a", i));
    for (const e of events) q.push(e);
    for (const [i, e] of events.entries()) {
      const expected = toBinary(GetEventsResponseSchema, execEvent("node-a", "/bin/x", 100 + i));
      expect(e.bytes).toEqual(expected);
      expect(toBinary(GetEventsResponseSchema, e.message)).toEqual(expected);
    }
    expect(q.bytes).toBe(40 * (size + 160));
  });
});
