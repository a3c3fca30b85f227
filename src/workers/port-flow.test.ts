import { describe, expect, it } from "vitest";
import { PortFlow } from "./port-flow";
import type { ToPage } from "./protocol";

class RecordingPort {
  readonly messages: ToPage[] = [];
  postMessage(message: ToPage): void {
    this.messages.push(message);
  }
}

/** A stand-in rows message: only `batch` matters to PortFlow. */
function rowsMessage(batch: number, count: number): [ToPage, Transferable[]] {
  return [
    {
      type: "rows",
      batch,
      rows: [],
      bytes: new ArrayBuffer(0),
      ends: new Uint32Array(count),
      reportedDrops: 0,
    },
    [],
  ];
}

function offer(flow: PortFlow, rows: number, now: number): boolean {
  return flow.offer(rows, 0, now, (id) => rowsMessage(id, rows));
}

describe("PortFlow", () => {
  it("sends while the page keeps up, numbering batches 1, 2, 3", () => {
    const port = new RecordingPort();
    const flow = new PortFlow(port, 100);
    for (let i = 0; i < 3; i++) {
      expect(offer(flow, 60, i)).toBe(true);
      flow.ack(i + 1);
    }
    expect(port.messages.map((m) => (m.type === "rows" ? m.batch : m.type))).toEqual([1, 2, 3]);
    expect(flow.unacknowledged).toBe(0);
    expect(flow.lostTotal).toBe(0);
  });

  it("drops batches beyond the unacked bound, then reports them once before newer rows", () => {
    const port = new RecordingPort();
    const flow = new PortFlow(port, 100);
    expect(offer(flow, 60, 1_000)).toBe(true); // batch 1, unacked 60
    expect(offer(flow, 30, 1_040)).toBe(true); // batch 2, unacked 90
    expect(offer(flow, 20, 1_080)).toBe(false); // 110 > 100: dropped
    expect(offer(flow, 5, 1_120)).toBe(false); // still behind: dropped (nothing acked)
    expect(flow.lostTotal).toBe(25);
    flow.ack(1); // unacked 30: room again
    expect(offer(flow, 10, 1_160)).toBe(true);
    const tail = port.messages.slice(2);
    expect(tail[0]).toEqual({ type: "lost", count: 25, startMs: 1_080, endMs: 1_120 });
    expect(tail[1]?.type === "rows" && tail[1].batch).toBe(3);
    // Reported once only.
    flow.ack(3);
    offer(flow, 10, 1_200);
    expect(port.messages.filter((m) => m.type === "lost")).toHaveLength(1);
  });

  it("reports the loss as soon as the page has caught up, even if no rows follow", () => {
    const port = new RecordingPort();
    const flow = new PortFlow(port, 10);
    offer(flow, 10, 0);
    offer(flow, 10, 40);
    flow.ack(1);
    expect(port.messages.at(-1)).toEqual({ type: "lost", count: 10, startMs: 40, endMs: 40 });
  });

  it("always sends the first batch after a catch-up, even one larger than the bound", () => {
    const port = new RecordingPort();
    const flow = new PortFlow(port, 10);
    expect(offer(flow, 500, 0)).toBe(true);
    expect(offer(flow, 1, 1)).toBe(false);
    flow.ack(1);
    expect(offer(flow, 500, 2)).toBe(true);
  });

  it("a page that never acks costs one batch, then nothing but a count", () => {
    const port = new RecordingPort();
    const flow = new PortFlow(port, 1_000);
    for (let i = 0; i < 1_000; i++) offer(flow, 200, i);
    // 5 batches fit the bound (200 × 5 = 1,000); every later one is only counted.
    expect(port.messages).toHaveLength(5);
    expect(flow.lostTotal).toBe(995 * 200);
  });

  it("an ack for a later batch acknowledges the earlier ones too", () => {
    const port = new RecordingPort();
    const flow = new PortFlow(port, 1_000);
    offer(flow, 100, 0);
    offer(flow, 100, 1);
    offer(flow, 100, 2);
    flow.ack(2);
    expect(flow.unacknowledged).toBe(100);
    flow.ack(7); // unknown later id: everything in flight
    expect(flow.unacknowledged).toBe(0);
  });

  it("a dropped batch's reported drops are lost too, and counted with its rows", () => {
    const port = new RecordingPort();
    const flow = new PortFlow(port, 10);
    offer(flow, 10, 0);
    // 5 rows, one of them a rate_limit_info reporting 40 drops upstream: all of it missed.
    expect(flow.offer(5, 40, 40, (id) => rowsMessage(id, 5))).toBe(false);
    flow.ack(1);
    expect(port.messages.at(-1)).toEqual({ type: "lost", count: 45, startMs: 40, endMs: 40 });
    expect(flow.lostTotal).toBe(45);
  });
});
