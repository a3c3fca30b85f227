/**
 * The "Event rate" chart: events per second over the window, stacked by event type, drawn by
 * uPlot on a canvas (uPlot sets element styles through the CSSOM, which the strict CSP allows;
 * its stylesheet comes in through Vite, never inline). One uPlot instance per set of kinds:
 * new data goes through setData, a new kind rebuilds the chart, the width follows the
 * container. The same numbers are in the text summary beside it, for screen readers.
 */
import { useEffect, useMemo, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { RateSnapshot } from "./rate-buckets";
import { KIND_COLOR, stackRate } from "./rate-chart-data";

const HEIGHT = 120;

function options(kinds: readonly string[], width: number): uPlot.Options {
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: [
      { stroke: "#64748b", grid: { show: false } },
      { stroke: "#64748b", size: 40, grid: { stroke: "#94a3b833" } },
    ],
    series: [
      {},
      ...kinds.map((kind) => ({
        label: kind,
        stroke: KIND_COLOR[kind as keyof typeof KIND_COLOR],
        fill: KIND_COLOR[kind as keyof typeof KIND_COLOR],
        width: 1,
        points: { show: false },
      })),
    ],
  };
}

export function RateChart({ snapshot }: { snapshot: RateSnapshot }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const stacked = useMemo(() => stackRate(snapshot), [snapshot]);
  const kindsKey = stacked.kinds.join(",");
  const latest = useRef(stacked);
  latest.current = stacked;

  useEffect(() => {
    const el = host.current;
    if (el === null) return;
    const kinds = kindsKey === "" ? [] : kindsKey.split(",");
    const chart = new uPlot(
      options(kinds, Math.max(100, el.clientWidth)),
      latest.current.data as uPlot.AlignedData,
      el,
    );
    plot.current = chart;
    // Absent in jsdom; every browser the app supports has it.
    const resize =
      typeof ResizeObserver === "undefined"
        ? undefined
        : new ResizeObserver(() => {
            chart.setSize({ width: Math.max(100, el.clientWidth), height: HEIGHT });
          });
    resize?.observe(el);
    return () => {
      resize?.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [kindsKey]);

  useEffect(() => {
    plot.current?.setData(stacked.data as uPlot.AlignedData);
  }, [stacked]);

  return <div ref={host} className="min-w-0 flex-1" />;
}
