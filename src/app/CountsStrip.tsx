/**
 * The counts strip as the app shows it: the worker's `stats` (ViewClient.stats) drawn by
 * StatsStrip, which is a lazily loaded chunk (it brings uPlot) so the first paint does not wait
 * for it. Open or closed is remembered (localStorage) and told to the worker, which sends
 * stats only to tabs whose strip is open.
 */
import { lazy, Suspense, useEffect, useState } from "react";
import { loadString, saveString } from "../hooks/local-settings";
import { useExternal } from "../hooks/use-external";
import type { RateSnapshot } from "../stats/rate-buckets";
import type { TopField, TopSnapshot } from "../stats/top-counts";
import type { ViewClient } from "../view/worker-client";

export const STATS_OPEN_KEY = "tetragon-dashboard.counts-open";

const StatsStrip = lazy(() =>
  import("../stats/StatsStrip").then((m) => ({ default: m.StatsStrip })),
);

const NO_RATE: RateSnapshot = { seconds: [], series: [], total: 0 };
const NO_TOP: TopSnapshot = { binary: [], pod: [], namespace: [], policy: [] };

function narrowScreen(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(max-width: 480px)").matches;
}

export function CountsStrip(props: {
  client: ViewClient;
  onFilter: (field: TopField, value: string) => void;
}) {
  const { client } = props;
  const stats = useExternal(client.stats);
  const [open, setOpen] = useState(() => {
    const saved = loadString(STATS_OPEN_KEY);
    // Until the user chooses, open on wide screens; on a phone the table needs the height.
    return saved === null ? !narrowScreen() : saved !== "0";
  });

  useEffect(() => {
    client.setStatsOpen(open);
  }, [client, open]);

  return (
    <Suspense fallback={<div className="h-5 border-b border-slate-300 dark:border-slate-700" />}>
      <StatsStrip
        rate={stats?.rate ?? NO_RATE}
        top={stats?.top ?? NO_TOP}
        onFilter={props.onFilter}
        open={open}
        onOpenChange={(next) => {
          saveString(STATS_OPEN_KEY, next ? "1" : "0");
          setOpen(next);
        }}
      />
    </Suspense>
  );
}
