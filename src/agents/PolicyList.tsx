/**
 * An agent's tracing policies: name (a button: filter the table by this policy), namespace,
 * state, mode, kernel memory, the error when loading failed, info, sensors, each hook and
 * whether it loaded, and the action counters (per selector behind a disclosure). Policies in
 * error come first (the model sorts). Text only.
 */
import { cn } from "../lib/cn";
import { formatCount } from "../lib/format-count";
import { visibleText } from "../lib/text";
import type { ActionCount, Tone, TracingPolicyView } from "../decode/tracing-policies";
import { formatByteSize } from "../lib/format-bytes";

const TONE: Record<Tone, string> = {
  ok: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-200",
  warning: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
  error: "bg-red-100 text-red-900 dark:bg-red-900/50 dark:text-red-200",
  muted: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
};
const CHIP = "rounded px-1 leading-4 whitespace-nowrap";

const counts = (list: readonly ActionCount[]) =>
  list.map((a) => `${a.action} ${formatCount(Number(a.count))}`).join(" · ");

function PolicyItem({
  p,
  onPolicyFilter,
}: {
  p: TracingPolicyView;
  onPolicyFilter: (name: string) => void;
}) {
  const name = visibleText(p.name, 200);
  return (
    <li className="rounded border border-slate-200 p-2 dark:border-slate-800">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          aria-label={`Filter by policy ${name}`}
          title="Show only this policy's events"
          className="font-mono font-semibold text-sky-800 underline decoration-dotted hover:decoration-solid dark:text-sky-300"
          onClick={() => {
            onPolicyFilter(p.name);
          }}
        >
          {name}
        </button>
        {p.namespace !== "" && (
          <span className="text-slate-600 dark:text-slate-400">
            namespace {visibleText(p.namespace, 100)}
          </span>
        )}
        <span className={cn(CHIP, TONE[p.state.tone])}>{p.state.label}</span>
        <span className={cn(CHIP, TONE[p.mode.tone])}>mode {p.mode.label}</span>
        <span className="text-slate-600 dark:text-slate-400">
          kernel memory {formatByteSize(p.kernelMemoryBytes)}
        </span>
      </div>
      {p.error !== "" && (
        <p className="mt-1 text-red-700 dark:text-red-300">Error: {visibleText(p.error, 2_000)}</p>
      )}
      {p.info !== "" && (
        <p className="mt-1 text-slate-700 dark:text-slate-300">{visibleText(p.info, 500)}</p>
      )}
      <p className="mt-1 text-slate-600 dark:text-slate-400">
        {p.sensors.length > 0 && `sensors ${visibleText(p.sensors.join(", "), 300)} · `}
        {p.actions.length > 0 ? `actions: ${counts(p.actions)}` : "no actions counted"}
      </p>
      {p.hooks.length > 0 && (
        <ul aria-label={`Hooks of ${name}`} className="mt-1 flex flex-wrap gap-1">
          {p.hooks.map((h) => (
            <li key={`${h.section}:${String(h.index)}`} className="flex items-center gap-1">
              <span className="font-mono">
                {visibleText(h.description || h.section || `hook ${String(h.index)}`, 200)}
              </span>
              <span className={cn(CHIP, TONE[h.state.tone])}>{h.state.label}</span>
            </li>
          ))}
        </ul>
      )}
      {p.selectors.length > 0 && (
        <details className="mt-1">
          <summary className="cursor-pointer text-slate-600 dark:text-slate-300">
            Actions per selector
          </summary>
          <ul className="mt-1 flex flex-col gap-0.5 font-mono">
            {p.selectors.map((s) => (
              <li
                key={`${s.hook}|${String(s.hookIndex)}|${String(s.selectorIndex)}|${s.selectorLabel}`}
              >
                {visibleText(s.hook, 200)}
                {s.hookIndex !== undefined && ` #${String(s.hookIndex)}`}
                {s.selectorIndex !== undefined && ` selector ${String(s.selectorIndex)}`}
                {s.selectorLabel !== "" && ` (${visibleText(s.selectorLabel, 100)})`}:{" "}
                {s.counts.length > 0 ? counts(s.counts) : "none"}
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

export function PolicyList(props: {
  policies: readonly TracingPolicyView[];
  onPolicyFilter: (name: string) => void;
}) {
  if (props.policies.length === 0) {
    return (
      <p className="text-xs text-slate-600 dark:text-slate-400">No tracing policies loaded.</p>
    );
  }
  return (
    <div className="text-xs">
      <h4 className="mb-1 text-slate-500 dark:text-slate-400">
        Tracing policies ({props.policies.length})
      </h4>
      <ul aria-label="Tracing policies" className="flex flex-col gap-1">
        {props.policies.map((p) => (
          // Names are unique per namespace on an agent; ids may all be 0 on older agents.
          <PolicyItem
            key={`${p.namespace}/${p.name}`}
            p={p}
            onPolicyFilter={props.onPolicyFilter}
          />
        ))}
      </ul>
    </div>
  );
}
