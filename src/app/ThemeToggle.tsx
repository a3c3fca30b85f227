/** Light / dark / system theme choice (remembered by useTheme). */
import type { ThemeChoice } from "../hooks/use-theme";

export function ThemeToggle(props: { choice: ThemeChoice; onChange: (c: ThemeChoice) => void }) {
  return (
    <label className="flex items-center gap-1 text-xs">
      <span>Theme</span>
      <select
        value={props.choice}
        onChange={(e) => {
          const v = e.currentTarget.value;
          props.onChange(v === "light" || v === "dark" ? v : "system");
        }}
        className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900"
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
