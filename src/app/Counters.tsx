/**
 * Received / shown / evicted / dropped / events per second, from the worker's counts.
 * Evicted left the buffer (capacity); dropped never reached it (rate_limit_info reports of
 * Tetragon's limiter or of the gateway for a slow client). While a new filter's newest matches
 * are on screen and older events are still being scanned, Shown is a lower bound: marked "+"
 * (generated content, so the number itself stays the element's text) and busy.
 */
import type { Counts } from "../protocol/protocol";
import { formatCount } from "../lib/format-count";

export function Counters({ counts }: { counts: Counts }) {
  const items: [string, number][] = [
    ["Received", counts.received],
    ["Shown", counts.shown],
    ["Evicted", counts.evicted],
    ["Dropped", counts.dropped],
    ["Events/s", counts.eventsPerSec],
  ];
  return (
    <dl className="flex gap-3 text-xs tabular-nums" aria-label="Counters">
      {items.map(([label, value]) => {
        const counting = label === "Shown" && counts.counting;
        return (
          <div key={label} className="flex gap-1">
            <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
            <dd
              className={counting ? "font-mono after:content-['+']" : "font-mono"}
              data-counter={label}
              aria-busy={counting || undefined}
              title={counting ? "Still counting: older events are being scanned" : undefined}
            >
              {formatCount(value)}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
