import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { AsyncQueue } from "./async-queue.js";

describe("AsyncQueue", () => {
  it("delivers in order and wakes a waiting consumer", async () => {
    const q = new AsyncQueue<number>(4);
    const signal = new AbortController().signal;
    const waiting = q.pop(signal);
    expect(q.push(1)).toBeUndefined();
    expect(q.push(2)).toBeUndefined();
    expect(await waiting).toBe(1);
    expect(await q.pop(signal)).toBe(2);
    expect(q.size).toBe(0);
  });

  it("when full, drops and returns the oldest item, never growing past capacity", async () => {
    const q = new AsyncQueue<number>(2);
    const signal = new AbortController().signal;
    expect([q.push(1), q.push(2), q.push(3), q.push(4)]).toEqual([undefined, undefined, 1, 2]);
    expect(q.size).toBe(2);
    expect([await q.pop(signal), await q.pop(signal)]).toEqual([3, 4]);
  });

  it("stays bounded and ordered across many drops (head compaction)", async () => {
    const q = new AsyncQueue<number>(3);
    const signal = new AbortController().signal;
    let dropped = 0;
    for (let i = 0; i < 5000; i++) if (q.push(i) !== undefined) dropped++;
    expect(dropped).toBe(4997);
    expect(q.size).toBe(3);
    expect([await q.pop(signal), await q.pop(signal), await q.pop(signal)]).toEqual([
      4997, 4998, 4999,
    ]);
  });

  it("ends a waiting consumer on abort and on failure", async () => {
    const q = new AsyncQueue<number>(1);
    const c = new AbortController();
    const waiting = q.pop(c.signal);
    c.abort(new Error("gone"));
    await expect(waiting).rejects.toThrow("gone");
    const other = q.pop(new AbortController().signal);
    q.fail(new Error("bad filter"));
    await expect(other).rejects.toThrow("bad filter");
  });

  it("tryShift takes what is queued without waiting, nothing after a failure", () => {
    const q = new AsyncQueue<number>(4);
    q.push(1);
    q.push(2);
    expect([q.tryShift(), q.tryShift(), q.tryShift()]).toEqual([1, 2, undefined]);
    q.push(3);
    q.fail(new Error("bad"));
    expect(q.tryShift()).toBeUndefined();
  });

  it("keeps one abort listener per signal however often the consumer waits", async () => {
    const q = new AsyncQueue<number>(4);
    const c = new AbortController();
    for (let i = 0; i < 500; i++) {
      const waiting = q.pop(c.signal);
      q.push(i);
      expect(await waiting).toBe(i);
    }
    expect(getEventListeners(c.signal, "abort")).toHaveLength(1);
    const last = q.pop(c.signal);
    c.abort(new Error("tab closed"));
    await expect(last).rejects.toThrow("tab closed");
  });
});
