/** The ring buffer's capacity, chosen from a few sizes and remembered in localStorage. */
import { saveString } from "../hooks/local-settings";
import { CAPACITY_KEY } from "./services";
import { formatCount } from "../lib/format-count";

const SIZES = [1_000, 10_000, 50_000, 100_000, 200_000, 500_000];

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
