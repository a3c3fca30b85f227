/**
 * Click-to-filter from the detail pane: "only this" / "hide this" per field, in this tab's
 * view or at the agent (the agent filter every agent applies before sending, for every tab).
 */
import type { ClickField } from "../filters/click-to-filter";
import { visibleText } from "../lib/text";
import type { RowView } from "../model/row";

/** Where a click-to-filter applies: this tab's view filters, or the agent filter. */
export type FilterTarget = "view" | "agent";

/** A click on "Only this / Hide this" (target "view" when omitted). */
export type OnFilterClick = (
  mode: "only" | "hide",
  field: ClickField,
  value: string,
  target?: FilterTarget,
) => void;

const FIELDS: readonly { field: ClickField; label: string; value: (r: RowView) => string }[] = [
  { field: "pod", label: "pod", value: (r) => r.pod },
  { field: "namespace", label: "namespace", value: (r) => r.namespace },
  { field: "binary", label: "binary", value: (r) => r.binary },
  { field: "eventType", label: "type", value: (r) => r.kind },
];

const TARGET_SUFFIX: Readonly<Record<FilterTarget, string>> = { view: "", agent: " at the agent" };

const TARGET_TITLE: Readonly<Record<FilterTarget, string>> = {
  view: "This tab's view filter (the buffer keeps everything)",
  agent:
    "The agent filter: the agents stop sending the other events, for every tab of this gateway",
};

export function FilterActions(props: { row: RowView; onFilter: OnFilterClick }) {
  const btn =
    "rounded border border-slate-300 px-1.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";
  return (
    <section className="mb-3 flex flex-col gap-y-1" aria-label="Filter by this event">
      {FIELDS.map(({ field, label, value }) => {
        const v = value(props.row);
        if (v === "") return null;
        return (
          <span key={field} className="flex flex-wrap items-center gap-1" title={visibleText(v)}>
            {(["view", "agent"] as const).flatMap((target) =>
              (["only", "hide"] as const).map((mode) => (
                <button
                  key={`${target}-${mode}`}
                  type="button"
                  className={btn}
                  title={TARGET_TITLE[target]}
                  onClick={() => {
                    props.onFilter(mode, field, v, target);
                  }}
                >
                  {mode === "only" ? "Only" : "Hide"} this {label}
                  {TARGET_SUFFIX[target]}
                </button>
              )),
            )}
          </span>
        );
      })}
    </section>
  );
}
