/**
 * The filter inputs (FILTER_FIELDS). Each keystroke updates the URL-owned FilterSpec; the ingest worker
 * compiles and applies it. Every field treats an invalid value the same way: the message
 * inline (aria-invalid + aria-describedby) and the last valid filter kept applied, which the
 * message names ("showing the last valid filter"). The message overlays the table instead of
 * pushing the bar down, so typing never moves the layout; it takes no clicks, so it never
 * hides a control under it (the bar wraps on narrow windows). Event type completes from the
 * names it accepts (a datalist: the input is a combobox with options).
 */
import { forwardRef, useId } from "react";
import { cn } from "../lib/cn";
import { visibleText } from "../lib/text";
import { typeCompletions } from "../model/type-names";
import { FILTER_FIELDS, FILTER_HELP, type FilterField, type FilterSpec } from "./filter-spec";

export interface FilterBarProps {
  filters: FilterSpec;
  errors: Partial<Record<FilterField, string>>;
  /** Per invalid field, the text whose filter still applies ("" = none). */
  kept?: Partial<Record<FilterField, string>>;
  onChange: (field: FilterField, value: string) => void;
  onClear: () => void;
}

export const FilterBar = forwardRef<HTMLInputElement, FilterBarProps>(function FilterBar(
  { filters, errors, kept = {}, onChange, onClear },
  searchRef,
) {
  const baseId = useId();
  const any = FILTER_FIELDS.some((f) => filters[f] !== "");
  return (
    <form
      role="search"
      aria-label="Filters"
      className="flex flex-wrap items-start gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800"
      onSubmit={(e) => {
        e.preventDefault();
      }}
    >
      {FILTER_FIELDS.map((field) => {
        const help = FILTER_HELP[field];
        const id = `${baseId}-${field}`;
        const error = errors[field];
        return (
          <div
            key={field}
            className={cn("relative flex flex-col", field === "search" && "min-w-64 flex-1")}
          >
            <label
              htmlFor={id}
              className="text-[11px] font-medium text-slate-600 dark:text-slate-300"
            >
              {help.label}
            </label>
            <input
              id={id}
              ref={field === "search" ? searchRef : undefined}
              type="text"
              spellCheck={false}
              autoComplete="off"
              list={field === "eventType" ? `${id}-options` : undefined}
              value={filters[field]}
              placeholder={help.placeholder}
              title={help.title}
              aria-invalid={error !== undefined}
              aria-describedby={error !== undefined ? `${id}-error` : undefined}
              onChange={(e) => {
                onChange(field, e.currentTarget.value);
              }}
              className={cn(
                "rounded border bg-white px-2 py-0.5 font-mono text-xs dark:bg-slate-900",
                field === "search"
                  ? "w-full"
                  : field === "from" || field === "to"
                    ? "w-36"
                    : "w-40",
                error !== undefined
                  ? "border-rose-500 outline-rose-500"
                  : "border-slate-300 dark:border-slate-600",
              )}
            />
            {field === "eventType" && (
              <datalist id={`${id}-options`}>
                {typeCompletions(filters.eventType).map((c) => (
                  <option key={c.name} value={c.name} label={c.description} />
                ))}
              </datalist>
            )}
            {error !== undefined && (
              <span
                id={`${id}-error`}
                data-filter-error={field}
                className="pointer-events-none absolute top-full left-0 z-30 mt-0.5 w-72 rounded border border-rose-300 bg-white px-1.5 py-1 text-[11px] text-rose-700 shadow-md dark:border-rose-700 dark:bg-slate-900 dark:text-rose-300"
              >
                {visibleText(error)}
                <span className="block text-slate-600 dark:text-slate-300">
                  {keptNote(kept[field] ?? "")}
                </span>
              </span>
            )}
          </div>
        );
      })}
      <button
        type="button"
        disabled={!any}
        onClick={onClear}
        className="mt-4 rounded border border-slate-300 px-2 py-0.5 text-xs enabled:hover:bg-slate-100 disabled:opacity-40 dark:border-slate-600 dark:enabled:hover:bg-slate-800"
      >
        Clear filters
      </button>
    </form>
  );
});

/** What still applies while a field is invalid. */
function keptNote(kept: string): string {
  return kept === ""
    ? "Showing the last valid filter: none on this field."
    : `Showing the last valid filter: ${visibleText(kept)}`;
}
