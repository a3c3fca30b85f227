/**
 * The "Top" lists: the ten most frequent binaries, pods, namespaces and policies among the
 * rows the filter keeps, as bars whose length is the share of the largest. Each bar is a
 * button: clicking it calls onFilter(field, value). Values are event data: text only.
 */
import { formatCount } from "../lib/format-count";
import { visibleText } from "../lib/text";
import type { TopField, TopSnapshot } from "./top-counts";
import { TOP_FIELDS } from "./top-counts";

const TITLE: Record<TopField, string> = {
  binary: "Binaries",
  pod: "Pods",
  namespace: "Namespaces",
  policy: "Policies",
};

export function TopBars(props: {
  top: TopSnapshot;
  onFilter: (field: TopField, value: string) => void;
}) {
  return (
    <div className="grid min-w-0 flex-[2] grid-cols-2 gap-x-4 gap-y-2 lg:grid-cols-4">
      {TOP_FIELDS.map((field) => {
        const entries = props.top[field];
        const max = entries[0]?.count ?? 1;
        return (
          <div key={field} className="min-w-0">
            <h3 className="mb-0.5 text-slate-500 dark:text-slate-400">{TITLE[field]}</h3>
            {entries.length === 0 ? (
              <p className="text-slate-400 dark:text-slate-500">none</p>
            ) : (
              <ol aria-label={`Top ${TITLE[field].toLowerCase()}`} className="flex flex-col gap-px">
                {entries.map((e) => {
                  const text = visibleText(e.value, 200);
                  return (
                    <li key={e.value}>
                      <button
                        type="button"
                        aria-label={`${text}: ${formatCount(e.count)} events`}
                        title={`Show only ${field} ${text}`}
                        className="relative flex w-full items-center gap-1 overflow-hidden rounded px-1 text-left hover:ring-1 hover:ring-sky-400"
                        onClick={() => {
                          props.onFilter(field, e.value);
                        }}
                      >
                        <span
                          aria-hidden="true"
                          className="absolute inset-y-0 left-0 bg-sky-200/70 dark:bg-sky-800/60"
                          style={{ width: `${(100 * e.count) / max}%` }}
                        />
                        <span className="relative min-w-0 flex-1 truncate font-mono">{text}</span>
                        <span className="relative shrink-0 text-slate-600 dark:text-slate-300">
                          {formatCount(e.count)}
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ol>
            )}
          </div>
        );
      })}
    </div>
  );
}
