/** The run's table on stdout and the targets checked against the measured figures. */

interface Figures {
  ingest: {
    sustainedEventsPerSec: number;
    decodeLimitEventsPerSec: number;
    ratio: number;
    windowSec: number;
  };
  memory: { bytesPerEvent: number; retainedEvents: number };
  filter: { p95Ms: number; bufferedEvents: number };
  proxy: { throughputRatio: number; addedLatencyP99Ms: number; latencyRateEventsPerSec: number };
  startup: { firstEventMs: number };
  bundle: { initialJsGzipBytes: number };
  kube: {
    timeToAllLiveMs: number;
    pods: number;
    execIngestEventsPerSec: number;
    jsonDecodeEventsPerSec: number;
  };
  machine: { loadAvgStart: number[]; loadAvgEnd: number[] };
}

export function targetsMet(f: Figures): Record<string, boolean> {
  return {
    sustained: f.ingest.sustainedEventsPerSec >= 25_000,
    ratio: f.ingest.ratio >= 0.4,
    bytesPerEvent: f.memory.bytesPerEvent <= 2000,
    filterP95: f.filter.p95Ms <= 100,
    proxyRatio: f.proxy.throughputRatio >= 0.8,
    proxyLatency: f.proxy.addedLatencyP99Ms <= 5,
    firstEvent: f.startup.firstEventMs <= 1500,
    initialJs: f.bundle.initialJsGzipBytes <= 200 * 1024,
    kubeAllLive: f.kube.pods >= 50 && f.kube.timeToAllLiveMs <= 5000,
    kubeExecIngest: f.kube.execIngestEventsPerSec >= 5000,
  };
}

export function printTable(f: Figures & { targetsMet: Record<string, boolean> }): void {
  const t = f.targetsMet;
  const ok = (b: boolean | undefined): string => (b === true ? "met" : "MISSED");
  const rows: [string, string, string, string][] = [
    [
      "ingest.sustainedEventsPerSec",
      String(f.ingest.sustainedEventsPerSec),
      ">= 25,000",
      ok(t["sustained"]),
    ],
    ["ingest.decodeLimitEventsPerSec", String(f.ingest.decodeLimitEventsPerSec), "(ceiling)", ""],
    ["ingest.ratio", String(f.ingest.ratio), ">= 0.4", ok(t["ratio"])],
    [
      "memory.bytesPerEvent",
      `${String(f.memory.bytesPerEvent)} (${String(f.memory.retainedEvents)} held)`,
      "<= 2,000",
      ok(t["bytesPerEvent"]),
    ],
    [
      "filter.p95Ms",
      `${String(f.filter.p95Ms)} (${String(f.filter.bufferedEvents)} buffered)`,
      "<= 100",
      ok(t["filterP95"]),
    ],
    ["proxy.throughputRatio", String(f.proxy.throughputRatio), ">= 0.8", ok(t["proxyRatio"])],
    [
      "proxy.addedLatencyP99Ms",
      `${String(f.proxy.addedLatencyP99Ms)} @ ${String(f.proxy.latencyRateEventsPerSec)}/s`,
      "<= 5",
      ok(t["proxyLatency"]),
    ],
    ["startup.firstEventMs", String(f.startup.firstEventMs), "<= 1,500", ok(t["firstEvent"])],
    [
      "bundle.initialJsGzipBytes",
      String(f.bundle.initialJsGzipBytes),
      "<= 204,800",
      ok(t["initialJs"]),
    ],
    [
      "kube.timeToAllLiveMs",
      `${String(f.kube.timeToAllLiveMs)} (${String(f.kube.pods)} pods)`,
      "<= 5,000 @ 50 pods",
      ok(t["kubeAllLive"]),
    ],
    [
      "kube.execIngestEventsPerSec",
      `${String(f.kube.execIngestEventsPerSec)} (JSON decode alone ${String(f.kube.jsonDecodeEventsPerSec)})`,
      ">= 5,000",
      ok(t["kubeExecIngest"]),
    ],
  ];
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(w[i] ?? 0)).join("  ");
  process.stdout.write(`${line(["figure", "measured", "target", ""])}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
  process.stdout.write(
    `window ${String(f.ingest.windowSec)} s; load average ${f.machine.loadAvgStart.map((n) => n.toFixed(2)).join(" ")} -> ${f.machine.loadAvgEnd.map((n) => n.toFixed(2)).join(" ")}\n`,
  );
}
