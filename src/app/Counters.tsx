/**
 * Received / shown / evicted / dropped / events per second, from the store snapshot.
 * Evicted left the buffer (capacity); dropped never reached it (rate limits, a slow tab).
 */
import type { StoreSnapshot } from "../stream/event-store";
import { formatCount } from "../lib/format-count";

export function Counters({ snapshot }: { snapshot: StoreSnapshot<unknown> }) {
  const items: [string, number][] = [
    ["Received", snapshot.received],
    ["Shown", snapshot.shown],
    ["Evicted", snapshot.evicted],
    ["Dropped", snapshot.dropped],
    ["Events/s", snapshot.eventsPerSec],
  ];
  return (
    <dl className="flex gap-3 text-xs tabular-nums" aria-label="Counters">
      {items.map(([label, value]) => (
        <div key={label} className="flex gap-1">
          <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
          <dd className="font-mono" data-counter={label}>
            {formatCount(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
