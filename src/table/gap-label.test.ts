import { describe, expect, it } from "vitest";
import { formatClock } from "../lib/time";
import type { GapEntry } from "../protocol/protocol";
import { gapLabel } from "./GapRow";

const base: GapEntry = {
  type: "gap",
  id: "g1",
  startMs: 1_700_000_000_000,
  endMs: 1_700_000_002_500,
  node: "",
  reason: "",
  source: "browser",
};

describe("gapLabel", () => {
  it("says events may be missing when nobody knows how many", () => {
    expect(gapLabel({ ...base, node: "kind-worker", reason: "agent unreachable" })).toBe(
      `Gap: node kind-worker, ${formatClock(base.startMs)} → ${formatClock(base.endMs)} (2.5 s), events may be missing — agent unreachable`,
    );
  });

  it("gives the count when the loss was counted", () => {
    expect(gapLabel({ ...base, dropped: 12_345, reason: "this tab fell behind the stream" })).toBe(
      `Gap: all nodes, ${formatClock(base.startMs)} → ${formatClock(base.endMs)} (2.5 s), 12,345 events dropped — this tab fell behind the stream`,
    );
    expect(gapLabel({ ...base, dropped: 1 })).toContain("1 event dropped");
  });

  it("a file marker names the opened file instead of a gap", () => {
    const label = gapLabel({ ...base, source: "file", reason: "file: tetragon.log.gz" });
    expect(label).toBe("file: tetragon.log.gz — the events read from this log follow");
  });
});
