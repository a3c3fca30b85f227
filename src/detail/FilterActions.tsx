/** Click-to-filter from the detail pane: "only this" / "hide this" per field. */
import type { ClickField } from "../filters/click-to-filter";
import { visibleText } from "../lib/text";
import type { RowView } from "../model/row";

const FIELDS: readonly { field: ClickField; label: string; value: (r: RowView) => string }[] = [
  { field: "pod", label: "pod", value: (r) => r.pod },
  { field: "namespace", label: "namespace", value: (r) => r.namespace },
  { field: "binary", label: "binary", value: (r) => r.binary },
  { field: "eventType", label: "type", value: (r) => r.kind },
];

export function FilterActions(props: {
  row: RowView;
  onFilter: (mode: "only" | "hide", field: ClickField, value: string) => void;
}) {
  const btn =
    "rounded border border-slate-300 px-1.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";
  return (
    <section className="mb-3 flex flex-wrap gap-x-3 gap-y-1" aria-label="Filter by this event">
      {FIELDS.map(({ field, label, value }) => {
        const v = value(props.row);
        if (v === "") return null;
        return (
          <span key={field} className="flex items-center gap-1" title={visibleText(v)}>
            <button
              type="button"
              className={btn}
              onClick={() => {
                props.onFilter("only", field, v);
              }}
            >
              Only this {label}
            </button>
            <button
              type="button"
              className={btn}
              onClick={() => {
                props.onFilter("hide", field, v);
              }}
            >
              Hide this {label}
            </button>
          </span>
        );
      })}
    </section>
  );
}
