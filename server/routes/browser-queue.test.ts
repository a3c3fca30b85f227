/**
 * The per-stream queues under one memory budget: shares shrink as queues join (the others
 * are trimmed at once), a queue over its share drops its oldest events and reports them per
 * node, and waiting events are compacted to their bytes without changing them.
 */
import { toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../../src/gen/tetragon/events_pb.js";
import { execEvent } from "../testing/fixtures.js";
import { type OpaqueEvent, readEvent } from "../upstream/opaque-events.js";
import { BrowserQueue } from "./browser-queue.js";
import { QueueBudget } from "./queue-budget.js";

/**
 * An opaque event of `node`, as the gateway reads it: a view into a larger buffer (the chunk
 * it arrived in, with other bytes around it). Numbers 0..899 keep sizes equal.
 */
function eventOf(node: string, n: number): OpaqueEvent {
  const bytes = toBinary(GetEventsResponseSchema, execEvent(node, "/bin/x", 100 + n));
  const chunk = new Uint8Array(bytes.length + 64);
  chunk.set(bytes, 32);
  return readEvent(chunk.subarray(32, 32 + bytes.length));
}

const size = eventOf("node-a", 0).bytes.byteLength;

describe("BrowserQueue and QueueBudget", () => {
  it("keeps every queue within an equal share of the budget and reports drops per node", () => {
    let dropped = 0;
    const budget = new QueueBudget(100 * (size + 160));
    const a = new BrowserQueue(budget, (n) => (dropped += n));
    budget.join(a);
    for (let i = 0; i < 80; i++) a.push(eventOf(i % 2 === 0 ? "node-a" : "node-b", i));
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

    for (let i = 0; i < 200; i++) b.push(eventOf("node-c", i));
    expect(b.bytes).toBeLessThanOrEqual(budget.share);
    expect(budget.used).toBeLessThanOrEqual(budget.totalBytes);
    // The newest events stay: the oldest left is number 200 - size.
    expect(b.items.tryShift()?.message).toEqual(eventOf("node-c", 200 - b.items.size - 1).message);
  });

  it("compacts events that wait to their bytes, and they stay the same events", () => {
    const budget = new QueueBudget(1 << 30);
    const q = new BrowserQueue(budget, () => undefined);
    budget.join(q);
    const events = Array.from({ length: 40 }, (_, i) => eventOf("node-a", i));
    for (const e of events) q.push(e);
    for (const [i, e] of events.entries()) {
      const expected = toBinary(GetEventsResponseSchema, execEvent("node-a", "/bin/x", 100 + i));
      expect(e.bytes).toEqual(expected);
      expect(toBinary(GetEventsResponseSchema, e.message)).toEqual(expected);
      // Behind the first 32, an event waits: it holds a buffer of its own, not its chunk.
      const ownBuffer = e.bytes.buffer.byteLength === e.bytes.byteLength;
      expect(ownBuffer).toBe(i >= 32);
    }
    expect(q.bytes).toBe(40 * (size + 160));
  });
});
