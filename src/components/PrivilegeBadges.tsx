/**
 * Privilege badges as chips: short text, the plain-words reason as the accessible label and
 * tooltip, red for "high", amber for "medium". A fully privileged process has many; past
 * `max` the rest fold into a "+N more" button that shows them. Text only.
 */
import { useState } from "react";
import { cn } from "../lib/cn";
import type { PrivilegeBadge } from "../decode/privileges";

const SEVERITY_CLASS: Record<PrivilegeBadge["severity"], string> = {
  high: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200",
  medium:
    "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200",
};
const CHIP = "rounded border px-1 text-xs leading-4 whitespace-nowrap";

export function PrivilegeBadges(props: {
  badges: readonly PrivilegeBadge[];
  /** How many to show before "+N more"; default 4. */
  max?: number;
}) {
  const [expanded, setExpanded] = useState(false);
  const { badges } = props;
  if (badges.length === 0) return null;
  const max = props.max ?? 4;
  // Folding one badge into "+1 more" saves nothing: fold only when two or more would hide.
  const shown = expanded || badges.length <= max + 1 ? badges : badges.slice(0, max);
  const hidden = badges.length - shown.length;
  return (
    <ul aria-label="Privileges" className="inline-flex flex-wrap items-center gap-1">
      {shown.map((b) => (
        <li
          key={b.id}
          aria-label={`${b.text}: ${b.description}`}
          title={b.description}
          className={cn(CHIP, SEVERITY_CLASS[b.severity])}
        >
          {b.text}
        </li>
      ))}
      {hidden > 0 && (
        <li>
          <button
            type="button"
            className={cn(CHIP, "border-slate-300 hover:bg-slate-100 dark:border-slate-600")}
            aria-label={`${hidden} more privileges: ${badges
              .slice(shown.length)
              .map((b) => b.text)
              .join(", ")}`}
            onClick={() => {
              setExpanded(true);
            }}
          >
            +{hidden} more
          </button>
        </li>
      )}
    </ul>
  );
}
