/**
 * The three sizes of one benchmark run. `full` is the protocol (20 s windows);
 * `quick` shortens the windows and says so in the JSON (`ingest.windowSec`); `smoke`
 * (seconds, run by `npm test`) only proves the harness still produces every field, at a
 * tiny scale (2,000 retained events, slow rates, 3 tabs): its figures mean nothing.
 */
import type { FilterLabel } from "./filter-timing.js";

export type Mode = "full" | "quick" | "smoke";

export interface ModeSettings {
  windowMs: number;
  rates: readonly number[];
  /** Buffer capacity (the app's localStorage key) and the fill target. */
  retained: number;
  /** Tabs open for memory.sevenTabsRatio. */
  tabs: number;
  /** Longest fill of all tabs (7-tab reading), then of the first tab alone. */
  tabsFillTimeoutMs: number;
  fillTimeoutMs: number;
  /** The fill stops when the browser holds more than this (shared machine). */
  memoryBudgetBytes: number;
  filterChanges: readonly (readonly [FilterLabel, string])[];
  typing: readonly (readonly [FilterLabel, string])[];
  /** A keystroke at most every this many ms (10 keys/s: a fast typist). */
  keyIntervalMs: number;
  /** Longest wait for one filter result to be painted. */
  filterTimeoutMs: number;
  proxyRate: number;
  proxySeconds: number;
  decodeMs: number;
  decodeRuns: number;
  startupRate: number;
  /** agentFilter.bytesRatio: events offered per run (a multiple of the 512 templates). */
  agentFilterEvents: number;
  agentFilterRate: number;
  /** ingest.strip.cpu: its tab's buffer (filled first), windows, window pairs (ABBA). */
  strip: { capacity: number; windowMs: number; pairs: number };
}

const LADDER = [5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 60_000];
const GiB = 1024 ** 3;

/** 20 changes alternating Pod and Binary, each one a different result set. */
const CHANGES: ModeSettings["filterChanges"] = [
  ["Binary", "curl"],
  ["Binary", ""],
  ["Pod", "xwing"],
  ["Pod", ""],
  ["Binary", "^/usr/bin/"],
  ["Binary", "!sh"],
  ["Pod", "(?i)DEATHSTAR"],
  ["Pod", "tiefighter|xwing"],
  ["Binary", "nginx"],
  ["Binary", ""],
  ["Pod", "^coredns-"],
  ["Pod", ""],
  ["Binary", "python"],
  ["Binary", "bash"],
  ["Pod", "!kube"],
  ["Pod", ""],
  ["Binary", "(cat|ls)$"],
  ["Binary", ""],
  ["Pod", "a"],
  ["Pod", ""],
];

/** Typed one key at a time, then erased: 28 keystrokes over three inputs. */
const TYPING: ModeSettings["typing"] = [
  ["Pod", "xwing"],
  ["Binary", "curl"],
  ["Search", "kube"],
];

const common = {
  tabs: 7,
  memoryBudgetBytes: 4 * GiB,
  filterChanges: CHANGES,
  typing: TYPING,
  keyIntervalMs: 100,
  filterTimeoutMs: 30_000,
  proxyRate: 10_000,
  startupRate: 1000,
  // Gateway, agent and client share this process: a rate a loaded machine sustains.
  agentFilterEvents: 10_240,
  agentFilterRate: 2000,
};

export function modeSettings(mode: Mode): ModeSettings {
  switch (mode) {
    case "full":
      return {
        ...common,
        windowMs: 20_000,
        rates: LADDER,
        retained: 500_000,
        tabsFillTimeoutMs: 120_000,
        fillTimeoutMs: 180_000,
        proxySeconds: 10,
        decodeMs: 3000,
        decodeRuns: 3,
        strip: { capacity: 500_000, windowMs: 5000, pairs: 8 },
      };
    case "quick":
      return {
        ...common,
        windowMs: 5000,
        rates: LADDER,
        retained: 500_000,
        tabsFillTimeoutMs: 45_000,
        fillTimeoutMs: 180_000,
        proxySeconds: 4,
        decodeMs: 1500,
        decodeRuns: 2,
        agentFilterEvents: 5120,
        strip: { capacity: 500_000, windowMs: 3000, pairs: 6 },
      };
    case "smoke":
      return {
        ...common,
        windowMs: 1000,
        rates: [500, 1000],
        retained: 2000,
        // Three tabs prove the machinery; opening seven costs seconds `npm test` need not pay.
        tabs: 3,
        tabsFillTimeoutMs: 5000,
        fillTimeoutMs: 8000,
        filterChanges: CHANGES.slice(0, 3),
        typing: [["Pod", "xw"]],
        filterTimeoutMs: 10_000,
        proxyRate: 1000,
        proxySeconds: 1,
        decodeMs: 200,
        decodeRuns: 1,
        startupRate: 500,
        agentFilterEvents: 2048,
        strip: { capacity: 2000, windowMs: 1000, pairs: 2 },
      };
  }
}
