import { describe, expect, it } from "vitest";
import { TopCounts, type TopRow, topOf } from "./top-counts";

const row = (binary: string, pod = "", namespace = "", policy = ""): TopRow => ({
  binary,
  pod,
  namespace,
  policy,
});

describe("topOf", () => {
  it("returns the n largest, larger first, equal counts by value", () => {
    const counts = new Map([
      ["d", 1],
      ["a", 5],
      ["c", 5],
      ["b", 9],
      ["e", 2],
    ]);
    expect(topOf(counts, 3)).toEqual([
      { value: "b", count: 9 },
      { value: "a", count: 5 },
      { value: "c", count: 5 },
    ]);
    expect(topOf(counts, 10)).toHaveLength(5);
    expect(topOf(counts, 0)).toEqual([]);
  });

  it("agrees with a full sort on a large random map", () => {
    const counts = new Map<string, number>();
    let x = 7;
    for (let i = 0; i < 5_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      counts.set(`v${i}`, x % 97);
    }
    const sorted = [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    expect(topOf(counts, 10)).toEqual(sorted.slice(0, 10));
  });
});

describe("TopCounts", () => {
  it("counts each field's values, skipping empty ones", () => {
    const t = new TopCounts();
    t.add(row("/usr/bin/curl", "xwing", "default", "observe"));
    t.add(row("/usr/bin/curl", "xwing", "default"));
    t.add(row("/bin/sh", "", "", ""));
    expect(t.snapshot()).toEqual({
      binary: [
        { value: "/usr/bin/curl", count: 2 },
        { value: "/bin/sh", count: 1 },
      ],
      pod: [{ value: "xwing", count: 2 }],
      namespace: [{ value: "default", count: 2 }],
      policy: [{ value: "observe", count: 1 }],
    });
  });

  it("takes evicted rows back out, dropping values that reach zero", () => {
    const t = new TopCounts();
    const a = row("/a", "p");
    t.add(a);
    t.add(a);
    t.add(row("/b"));
    t.remove(a);
    t.remove(row("/never-added"));
    expect(t.snapshot().binary).toEqual([
      { value: "/a", count: 1 },
      { value: "/b", count: 1 },
    ]);
    t.remove(a);
    expect(t.snapshot().binary).toEqual([{ value: "/b", count: 1 }]);
    expect(t.snapshot().pod).toEqual([]);
  });

  it("keeps n per field and starts over on clear", () => {
    const t = new TopCounts();
    for (let i = 0; i < 30; i++) for (let j = 0; j <= i; j++) t.add(row(`/bin/b${i}`));
    const top = t.snapshot(10).binary;
    expect(top).toHaveLength(10);
    expect(top[0]).toEqual({ value: "/bin/b29", count: 30 });
    expect(top[9]).toEqual({ value: "/bin/b20", count: 21 });
    t.clear();
    expect(t.snapshot().binary).toEqual([]);
  });
});
