/**
 * The counts strip above the table: "Event rate" (events/s over the last 5 minutes, stacked by
 * event type) and "Top" (most frequent binaries, pods, namespaces, policies for the current
 * filter, clickable). Fed by snapshots the ingest worker computes (RateBuckets, TopCounts);
 * redrawn at most twice a second however often they arrive; collapsed, it draws nothing.
 */
import { useId, useState } from "react";
import type { RateSnapshot } from "./rate-buckets";
import { rateSummary } from "./rate-chart-data";
import { RateChart } from "./RateChart";
import type { TopField, TopSnapshot } from "./top-counts";
import { TopBars } from "./TopBars";
import { useThrottled } from "../hooks/use-throttled";

/** At most two redraws a second (issue 15). */
export const STATS_REDRAW_MS = 500;

export interface StatsStripProps {
  rate: RateSnapshot;
  top: TopSnapshot;
  onFilter: (field: TopField, value: string) => void;
  /** Open at first render; default true. */
  defaultOpen?: boolean;
  /** Controlled open state (the app remembers it and tells the worker); with onOpenChange. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}

export function StatsStrip(props: StatsStripProps) {
  const [ownOpen, setOwnOpen] = useState(props.defaultOpen ?? true);
  const open = props.open ?? ownOpen;
  const bodyId = useId();
  return (
    <div className="border-b border-slate-300 bg-white text-xs dark:border-slate-700 dark:bg-slate-950">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={bodyId}
        className="w-full px-3 py-0.5 text-left text-slate-600 hover:bg-slate-50 dark:text-slate-300 dark:hover:bg-slate-900"
        onClick={() => {
          setOwnOpen(!open);
          props.onOpenChange?.(!open);
        }}
      >
        <span aria-hidden="true">{open ? "▾" : "▸"}</span> Counts
      </button>
      {open && (
        // A fixed height: the strip's content (ten bars or none, a wrapped rate summary) never
        // moves the table below it while events arrive or filters change.
        <div id={bodyId} className="flex h-44 flex-wrap gap-4 overflow-y-auto px-3 pb-2">
          <StripBody {...props} />
        </div>
      )}
    </div>
  );
}

/** Mounted only while open, so a collapsed strip neither throttles nor draws. */
function StripBody(props: StatsStripProps) {
  const rate = useThrottled(props.rate, STATS_REDRAW_MS);
  const top = useThrottled(props.top, STATS_REDRAW_MS);
  return (
    <>
      <section aria-label="Event rate" className="flex min-w-[18rem] flex-1 flex-col gap-1">
        <h3 className="text-slate-500 dark:text-slate-400">Events/s, last 5 min, by type</h3>
        <RateChart snapshot={rate} />
        <p className="text-slate-600 dark:text-slate-300">{rateSummary(rate)}</p>
      </section>
      <section aria-label="Top" className="flex min-w-[18rem] flex-[2]">
        <TopBars top={top} onFilter={props.onFilter} />
      </section>
    </>
  );
}
