/**
 * RateSnapshot -> what the chart draws and what it says in words. Pure.
 *
 * uPlot has no stacked mode: each series fills down to zero, in series order. So the chart
 * gets cumulative sums, largest first: series 1 is all kinds together (coloured as the top
 * kind), series 2 all but the top kind, ... the last is the bottom kind alone. Each paints
 * over the one before, and the visible bands are the per-kind counts, stacked.
 */
import type { EventKind } from "../model/event-kind";
import type { RateSnapshot } from "./rate-buckets";

/** One colour per kind, the hue of its badge (KindBadge), readable in light and dark. */
export const KIND_COLOR: Readonly<Record<EventKind, string>> = {
  exec: "#10b981",
  exit: "#f43f5e",
  kprobe: "#0ea5e9",
  tracepoint: "#8b5cf6",
  uprobe: "#f59e0b",
  usdt: "#d97706",
  lsm: "#d946ef",
  loader: "#14b8a6",
  throttle: "#f97316",
  rate_limit_info: "#facc15",
  test: "#94a3b8",
  unknown: "#64748b",
};

export interface StackedRate {
  /** Kinds in series order: top of the stack first. */
  readonly kinds: readonly EventKind[];
  /** [seconds, cumulative series...] as uPlot's AlignedData wants them. */
  readonly data: readonly (readonly number[])[];
}

export function stackRate(s: RateSnapshot): StackedRate {
  const kinds: EventKind[] = [];
  const sums: number[][] = [];
  let running = s.seconds.map(() => 0);
  for (const series of s.series) {
    running = running.map((v, i) => v + (series.counts[i] ?? 0));
    kinds.push(series.kind);
    sums.push(running);
  }
  return { kinds: kinds.reverse(), data: [s.seconds, ...sums.reverse()] };
}

/** Full seconds averaged for "now": the current second is still filling. */
const RECENT_SECONDS = 10;

/** "4.2 events/s in the last 10 s; 1,234 events in 5 min: kprobe 61 %, exec 20 %, …". */
export function rateSummary(s: RateSnapshot): string {
  const n = s.seconds.length;
  const span = n >= 60 ? `${Math.round(n / 60)} min` : `${n} s`;
  if (n === 0) return "No events yet.";
  if (s.total === 0) return `No events in the last ${span}.`;
  const from = Math.max(0, n - 1 - RECENT_SECONDS);
  const recentSeconds = n - 1 - from;
  let recent = 0;
  for (const series of s.series) {
    for (let i = from; i < n - 1; i++) recent += series.counts[i] ?? 0;
  }
  const rate = recentSeconds > 0 ? recent / recentSeconds : 0;
  const shares = s.series
    .map((x) => ({ kind: x.kind, sum: x.counts.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.sum - a.sum)
    .map((x) => `${x.kind} ${Math.round((100 * x.sum) / s.total)} %`);
  return `${rate.toFixed(1)} events/s in the last ${recentSeconds} s; ${s.total.toLocaleString("en-US")} events in ${span}: ${shares.join(", ")}.`;
}
