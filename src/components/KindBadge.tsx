/** The event type as tetra's compact output shows it (icon + label), in a colored badge. */
import { cn } from "../lib/cn";
import { visibleText } from "../lib/text";
import { KIND_META, type EventKind } from "../model/event-kind";
import { typeLabel } from "../model/columns";
import type { RowView } from "../model/row";

const KIND_CLASS: Record<EventKind, string> = {
  exec: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-200",
  exit: "bg-rose-100 text-rose-900 dark:bg-rose-900/50 dark:text-rose-200",
  kprobe: "bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-200",
  tracepoint: "bg-violet-100 text-violet-900 dark:bg-violet-900/50 dark:text-violet-200",
  uprobe: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
  usdt: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
  lsm: "bg-fuchsia-100 text-fuchsia-900 dark:bg-fuchsia-900/50 dark:text-fuchsia-200",
  loader: "bg-teal-100 text-teal-900 dark:bg-teal-900/50 dark:text-teal-200",
  throttle: "bg-orange-100 text-orange-900 dark:bg-orange-900/50 dark:text-orange-200",
  rate_limit_info: "bg-yellow-100 text-yellow-900 dark:bg-yellow-900/50 dark:text-yellow-200",
  test: "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100",
  unknown: "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100",
};

export function KindBadge({ row }: { row: Pick<RowView, "kind" | "icon" | "verb"> }) {
  const meta = KIND_META[row.kind];
  const icon = row.icon || meta.icon;
  const label = typeLabel(row);
  return (
    <span
      className={cn("inline-block rounded px-1 leading-4 whitespace-nowrap", KIND_CLASS[row.kind])}
      title={meta.label}
    >
      <span aria-hidden="true">{icon}</span> {visibleText(label)}
    </span>
  );
}
