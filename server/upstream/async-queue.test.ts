import { describe, expect, it } from "vitest";
import { AsyncQueue } from "./async-queue.js";

describe("AsyncQueue", () => {
  it("delivers in order and makes producers wait while full", async () => {
    const q = new AsyncQueue<number>(2);
    const signal = new AbortController().signal;
    await q.push(1, signal);
    await q.push(2, signal);
    let third = false;
    const pushing = q.push(3, signal).then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    expect(await q.pop(signal)).toBe(1);
    await pushing;
    expect(third).toBe(true);
    expect([await q.pop(signal), await q.pop(signal)]).toEqual([2, 3]);
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
});
