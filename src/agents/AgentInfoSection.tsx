/**
 * What GetInfo says of an agent: plain-words notes first (what is off that users expect),
 * then the settings that decide what the dashboard can show, the build, the kernel probes,
 * and every option behind a disclosure. Text only.
 */
import { cn } from "../lib/cn";
import { visibleText } from "../lib/text";
import type { AgentInfoView } from "../decode/agent-info";
import { confText } from "../model/agent-notes";

const ON_OFF = (on: boolean | undefined) =>
  on === undefined
    ? ""
    : on
      ? "text-emerald-700 dark:text-emerald-300"
      : "text-amber-700 dark:text-amber-300";

export function AgentInfoSection({ info }: { info: AgentInfoView }) {
  const build = [info.build.goVersion, info.build.commit && `commit ${info.build.commit}`]
    .filter((s) => s !== "")
    .join(", ");
  return (
    <div className="mb-2 flex flex-col gap-2 text-xs">
      {info.notes.length > 0 && (
        <ul aria-label="Notes" className="flex flex-col gap-1">
          {info.notes.map((n) => (
            <li
              key={n.id}
              className={cn(
                "rounded border px-2 py-1",
                n.severity === "warning"
                  ? "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
                  : "border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-200",
              )}
            >
              {n.text}
            </li>
          ))}
        </ul>
      )}
      <dl aria-label="Settings" className="grid grid-cols-[10rem_1fr] gap-x-3 gap-y-0.5">
        <dt className="text-slate-500 dark:text-slate-400">Agent</dt>
        <dd>
          {visibleText([info.name, info.version].filter((s) => s !== "").join(" ") || "(unnamed)")}
          {build !== "" && ` (${visibleText(build, 200)})`}
        </dd>
        {info.settings.map((s) => (
          <div key={s.key} className="contents">
            <dt className="text-slate-500 dark:text-slate-400" title={s.key}>
              {s.label}
            </dt>
            <dd className={cn("min-w-0 font-mono break-words", ON_OFF(s.on))}>
              {visibleText(s.text, 1_000)}
            </dd>
          </div>
        ))}
      </dl>
      {info.probes.length > 0 && (
        <div>
          <h4 className="text-slate-500 dark:text-slate-400">Kernel probes</h4>
          <ul aria-label="Kernel probes" className="flex flex-wrap gap-1">
            {info.probes.map((p) => (
              <li
                key={p.name}
                className={cn(
                  "rounded border px-1 font-mono",
                  p.enabled === true
                    ? "border-emerald-300 text-emerald-800 dark:border-emerald-800 dark:text-emerald-200"
                    : "border-slate-300 text-slate-500 line-through dark:border-slate-700",
                )}
              >
                {visibleText(p.name, 100)}
                <span className="sr-only">
                  {p.enabled === undefined ? " (unknown)" : p.enabled ? " (on)" : " (off)"}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {info.options.length > 0 && (
        <details>
          <summary className="cursor-pointer text-slate-600 dark:text-slate-300">
            All {info.options.length} options
          </summary>
          <dl className="mt-1 grid grid-cols-[16rem_1fr] gap-x-3 gap-y-0.5 font-mono">
            {info.options.map((o) => (
              <div key={o.key} className="contents">
                <dt className="truncate text-slate-500 dark:text-slate-400">
                  {visibleText(o.key, 100)}
                </dt>
                <dd className="min-w-0 break-words">{visibleText(confText(o.value), 2_000)}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </div>
  );
}
