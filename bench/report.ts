/**
 * The run's table on stdout and the targets (issue 12's, and cluster mode's) checked against
 * the measured figures.
 */

interface Figures {
  ingest: {
    sustainedEventsPerSec: number;
    decodeLimitEventsPerSec: number;
    ratio: number;
    frameP95Ms: number;
    frameP95AtEventsPerSec: number;
    windowSec: number;
    firstFailure: { summary: string } | null;
    strip: {
      hiddenSustainedEventsPerSec: number;
      shownSustainedEventsPerSec: number;
      shownOverHidden: number;
      cpu: {
        workerShownOverHidden: number;
        workerUsPerEventHidden: number;
        workerUsPerEventShown: number;
        rateEventsPerSec: number;
      };
    };
  };
  memory: {
    bytesPerEvent: number;
    retainedEvents: number;
    meanEventBytes: number;
    sevenTabsRatio: number;
    sevenTabs: { heldPerTab: number[]; fillEnd: string };
  };
  filter: { p95Ms: number; inputLagP95Ms: number; bufferedEvents: number };
  proxy: { throughputRatio: number; addedLatencyP99Ms: number; rateEventsPerSec: number };
  startup: { firstEventMs: number };
  bundle: { initialJsGzipBytes: number };
  kube: {
    timeToAllLiveMs: number;
    pods: number;
    execIngestEventsPerSec: number;
    execOverload: { deliveredPerSec: number; upstreamPerSec: number };
    jsonDecodeEventsPerSec: number;
  };
  agentFilter: { bytesRatio: number; matchShare: number };
  machine: { loadAvgStart: number[]; loadAvgEnd: number[] };
}

type Check = [
  name: string,
  measured: (f: Figures) => string,
  target: string,
  met: (f: Figures) => boolean,
];

const n = (x: number): string => (Number.isFinite(x) ? x.toLocaleString("en-US") : String(x));

const CHECKS: Check[] = [
  [
    "ingest.sustainedEventsPerSec",
    (f) => n(f.ingest.sustainedEventsPerSec),
    ">= 25,000",
    (f) => f.ingest.sustainedEventsPerSec >= 25_000,
  ],
  [
    "ingest.decodeLimitEventsPerSec",
    (f) => n(f.ingest.decodeLimitEventsPerSec),
    "(ceiling)",
    () => true,
  ],
  ["ingest.ratio", (f) => n(f.ingest.ratio), ">= 0.8", (f) => f.ingest.ratio >= 0.8],
  [
    "ingest.strip (shown vs hidden)",
    (f) =>
      `worker ${n(f.ingest.strip.cpu.workerShownOverHidden)}x CPU/event (${n(f.ingest.strip.cpu.workerUsPerEventShown)} vs ${n(f.ingest.strip.cpu.workerUsPerEventHidden)} µs @ ${n(f.ingest.strip.cpu.rateEventsPerSec)}/s); sustained ${n(f.ingest.strip.shownSustainedEventsPerSec)} vs ${n(f.ingest.strip.hiddenSustainedEventsPerSec)}`,
    "<= 1.05",
    (f) => f.ingest.strip.cpu.workerShownOverHidden <= 1.05,
  ],
  [
    "ingest.frameP95Ms",
    (f) => `${n(f.ingest.frameP95Ms)} @ ${n(f.ingest.frameP95AtEventsPerSec)}/s`,
    "(reported)",
    () => true,
  ],
  [
    "memory.bytesPerEvent",
    (f) => `${n(f.memory.bytesPerEvent)} (${n(f.memory.retainedEvents)} held)`,
    "<= 1,200 @ 500,000",
    (f) => f.memory.bytesPerEvent <= 1200 && f.memory.retainedEvents >= 500_000,
  ],
  ["memory.meanEventBytes", (f) => n(f.memory.meanEventBytes), "(reported)", () => true],
  [
    "memory.sevenTabsRatio",
    (f) =>
      `${n(f.memory.sevenTabsRatio)} (${f.memory.sevenTabs.fillEnd}; min ${n(Math.min(...f.memory.sevenTabs.heldPerTab))} per tab)`,
    "<= 1.2",
    (f) => f.memory.sevenTabsRatio <= 1.2,
  ],
  [
    "filter.p95Ms",
    (f) => `${n(f.filter.p95Ms)} (${n(f.filter.bufferedEvents)} buffered)`,
    "<= 50",
    (f) => f.filter.p95Ms <= 50,
  ],
  [
    "filter.inputLagP95Ms",
    (f) => n(f.filter.inputLagP95Ms),
    "<= 50",
    (f) => f.filter.inputLagP95Ms <= 50,
  ],
  [
    "proxy.throughputRatio",
    (f) => `${n(f.proxy.throughputRatio)} @ ${n(f.proxy.rateEventsPerSec)}/s`,
    ">= 0.9",
    (f) => f.proxy.throughputRatio >= 0.9,
  ],
  [
    "proxy.addedLatencyP99Ms",
    (f) => `${n(f.proxy.addedLatencyP99Ms)} @ ${n(f.proxy.rateEventsPerSec)}/s`,
    "<= 5",
    (f) => f.proxy.addedLatencyP99Ms <= 5,
  ],
  [
    "startup.firstEventMs",
    (f) => n(f.startup.firstEventMs),
    "<= 1,000",
    (f) => f.startup.firstEventMs <= 1000,
  ],
  [
    "bundle.initialJsGzipBytes",
    (f) => n(f.bundle.initialJsGzipBytes),
    "<= 200,000",
    (f) => f.bundle.initialJsGzipBytes <= 200_000,
  ],
  [
    "kube.timeToAllLiveMs",
    (f) => `${n(f.kube.timeToAllLiveMs)} (${n(f.kube.pods)} pods)`,
    "<= 5,000 @ 50 pods",
    (f) => f.kube.pods >= 50 && f.kube.timeToAllLiveMs <= 5000,
  ],
  [
    "kube.execIngestEventsPerSec",
    (f) =>
      `${n(f.kube.execIngestEventsPerSec)} in full (unpaced: ${n(f.kube.execOverload.deliveredPerSec)} of ${n(f.kube.execOverload.upstreamPerSec)} read; decode alone ${n(f.kube.jsonDecodeEventsPerSec)})`,
    ">= 5,000",
    (f) => f.kube.execIngestEventsPerSec >= 5000,
  ],
  [
    "agentFilter.bytesRatio",
    (f) => `${n(f.agentFilter.bytesRatio)} (filter matches ${n(f.agentFilter.matchShare)})`,
    "<= 0.1 @ <= 10 % match",
    (f) => f.agentFilter.matchShare <= 0.1 && f.agentFilter.bytesRatio <= 0.1,
  ],
];

/** Target name -> met, for the figures that have a target. */
export function targetsMet(f: Figures): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [name, , target, met] of CHECKS) if (!target.startsWith("(")) out[name] = met(f);
  return out;
}

export function printTable(f: Figures): void {
  const rows = CHECKS.map(([name, measured, target, met]) => [
    name,
    measured(f),
    target,
    target.startsWith("(") ? "" : met(f) ? "met" : "MISSED",
  ]);
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => c.padEnd(w[i] ?? 0))
      .join("  ")
      .trimEnd();
  process.stdout.write(`${line(["figure", "measured", "target", ""])}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
  if (f.ingest.firstFailure !== null)
    process.stdout.write(`first failing step: ${f.ingest.firstFailure.summary}\n`);
  const load = (a: number[]): string => a.map((x) => x.toFixed(2)).join(" ");
  process.stdout.write(
    `window ${String(f.ingest.windowSec)} s; load average ${load(f.machine.loadAvgStart)} -> ${load(f.machine.loadAvgEnd)}\n`,
  );
}
