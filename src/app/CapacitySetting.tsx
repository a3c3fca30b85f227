/**
 * The buffer's capacity, chosen from a few sizes and remembered in localStorage. The buffer
 * is the ingest worker's, shared by every tab: a change applies to all of them.
 */
import { saveString } from "../hooks/local-settings";
import { CAPACITY_KEY } from "./services";
import { formatCount } from "../lib/format-count";
import { CAPACITY_CHOICES } from "../model/capacity";

const SIZES = CAPACITY_CHOICES;

export function CapacitySetting(props: { capacity: number; onChange: (n: number) => void }) {
  const sizes = SIZES.includes(props.capacity)
    ? SIZES
    : [...SIZES, props.capacity].sort((a, b) => a - b);
  return (
    <label className="flex items-center gap-1 text-xs">
      <span>Buffer</span>
      <select
        value={props.capacity}
        onChange={(e) => {
          const n = Number(e.currentTarget.value);
          saveString(CAPACITY_KEY, String(n));
          props.onChange(n);
        }}
        className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900"
      >
        {sizes.map((n) => (
          <option key={n} value={n}>
            {formatCount(n)} events
          </option>
        ))}
      </select>
    </label>
  );
}
