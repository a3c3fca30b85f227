import { describe, expect, test } from "vitest";
import {
  newerKprobeLine,
  olderExecLine,
  olderKindLines,
} from "../testing/older-tetragon-events.js";
import { LogReadStats, readTetragonJsonLine, type LineResult } from "./tetragon-json.js";

function statsOf(lines: string[]): LogReadStats {
  const stats = new LogReadStats();
  lines.forEach((l, i) => {
    stats.add(readTetragonJsonLine(l), i + 1);
  });
  return stats;
}

describe("LogReadStats", () => {
  test("counts each outcome and names unknown fields and skipped kinds in one line", () => {
    const stats = statsOf([
      olderExecLine(),
      "",
      ...olderKindLines(),
      newerKprobeLine(),
      "not json at all",
      olderExecLine(),
      '{"process_exec": {',
    ]);
    expect(stats.events).toBe(3);
    expect(stats.errors).toBe(2);
    expect(stats.skippedKinds).toEqual(
      new Map([
        ["process_connect", 2],
        ["process_close", 1],
        ["process_listen", 1],
      ]),
    );
    expect(stats.unknownFields.get("process_exec.process.pod.labels")).toBe(2);
    expect(stats.unknownFields.get("agent_build")).toBe(1);
    const summary = stats.summary();
    expect(summary).toBe(
      "read 3 events; tolerated unknown fields: process_exec.parent.pod.labels (2), " +
        "process_exec.process.pod.labels (2), agent_build (1), " +
        "process_kprobe.action (unknown enum value) (1), " +
        "process_kprobe.args.sock_arg.netns_cookie (1), process_kprobe.process.sandbox_id (1), " +
        "process_kprobe.risk_score (1); " +
        "skipped older kinds: process_connect (2), process_close (1), process_listen (1); " +
        "2 lines not events (first: line 8: not a JSON object)",
    );
    expect(summary).not.toContain("\n");
  });

  test("newer kinds are listed apart from older ones; singular wording", () => {
    const stats = statsOf(['{"process_quantum":{}}']);
    expect(stats.summary()).toBe("read 0 events; skipped unknown kinds: process_quantum (1)");
    stats.add({ kind: "error", reason: "not valid JSON" }, 9);
    expect(stats.summary()).toMatch(/; 1 line not events \(first: line 9: not valid JSON\)$/);
  });

  test("distinct names are capped, long lists are cut in the summary", () => {
    const stats = new LogReadStats();
    for (let i = 0; i < 500; i++) {
      const r: LineResult = {
        kind: "event",
        message: undefined as never,
        unknownFields: [`f${i}`],
      };
      stats.add(r, i + 1);
    }
    expect(stats.unknownFields.size).toBe(101);
    expect(stats.unknownFields.get("(others)")).toBe(400);
    expect(stats.summary()).toMatch(
      /^read 500 events; tolerated unknown fields: \(others\) \(400\), f0 \(1\), .*, 91 more$/,
    );
  });

  test("hostile names in keys reach the warning line only escaped", () => {
    const evil = "\u001b]0;pwned\u0007\u202e\u200b\r\n<b>";
    const stats = statsOf([
      JSON.stringify({ process_exec: { process: { [evil]: 1 } }, [evil]: { x: 1 } }),
      JSON.stringify({ [`process_${evil}`]: { process: {} } }),
      `{"process_exec": {"process": {"pid": "${evil}"}}}`,
    ]);
    const summary = stats.summary();
    expect(summary).toContain("process_exec.process.\\u{1b}\\u{5d}0");
    expect(summary).toContain("skipped unknown kinds: process_\\u{1b}");
    // Printable ASCII and the ellipsis only: no control, bidi or zero-width character.
    expect(summary).toMatch(/^[\x20-\x7e…]+$/);
    expect(summary).not.toContain("<b>");
  });
});
