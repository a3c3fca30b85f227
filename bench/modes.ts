/**
 * The three sizes of one benchmark run. `full` is the protocol (20 s windows);
 * `quick` (< 3 min) shortens the windows and says so in the JSON (`ingest.windowSec`);
 * `smoke` (seconds, run by `npm test`) only proves the harness still produces every field.
 */
export type Mode = "full" | "quick" | "smoke";

export interface ModeSettings {
  windowMs: number;
  rates: readonly number[];
  retained: number;
  fillTimeoutMs: number;
  filterChanges: number;
  filterValues: readonly (readonly ["Pod" | "Binary", string])[];
  proxySeconds: number;
  latencyRate: number;
  decodeMs: number;
  decodeRuns: number;
  startupRate: number;
}

const LADDER = [5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 60_000];

/** 20 changes alternating Pod and Binary, each one a different result set. */
const FILTERS: ModeSettings["filterValues"] = [
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

export function modeSettings(mode: Mode): ModeSettings {
  switch (mode) {
    case "full":
      return {
        windowMs: 20_000,
        rates: LADDER,
        retained: 200_000,
        fillTimeoutMs: 60_000,
        filterChanges: 20,
        filterValues: FILTERS,
        proxySeconds: 5,
        latencyRate: 10_000,
        decodeMs: 3000,
        decodeRuns: 3,
        startupRate: 1000,
      };
    case "quick":
      return {
        windowMs: 5000,
        rates: LADDER,
        retained: 200_000,
        fillTimeoutMs: 40_000,
        filterChanges: 20,
        filterValues: FILTERS,
        proxySeconds: 3,
        latencyRate: 10_000,
        decodeMs: 1500,
        decodeRuns: 2,
        startupRate: 1000,
      };
    case "smoke":
      return {
        windowMs: 1000,
        rates: [500, 1000],
        retained: 2000,
        fillTimeoutMs: 10_000,
        filterChanges: 3,
        filterValues: FILTERS,
        proxySeconds: 0.5,
        latencyRate: 1000,
        decodeMs: 200,
        decodeRuns: 1,
        startupRate: 500,
      };
  }
}
