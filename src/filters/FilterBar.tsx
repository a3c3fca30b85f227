/**
 * The filter inputs (FILTER_FIELDS). Each keystroke updates the URL-owned FilterSpec; the store applies
 * the compiled predicate to the whole buffer at once. A field that does not compile shows its
 * message inline (aria-invalid + aria-describedby) while the previous results stay.
 */
import { forwardRef, useId } from "react";
import { cn } from "../lib/cn";
import { FILTER_FIELDS, FILTER_HELP, type FilterField, type FilterSpec } from "./filter-spec";

export interface FilterBarProps {
  filters: FilterSpec;
  errors: Partial<Record<FilterField, string>>;
  onChange: (field: FilterField, value: string) => void;
  onClear: () => void;
}

export const FilterBar = forwardRef<HTMLInputElement, FilterBarProps>(function FilterBar(
  { filters, errors, onChange, onClear },
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
          <div key={field} className={cn("flex flex-col", field === "search" && "min-w-64 flex-1")}>
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
                field === "search" ? "w-full" : "w-40",
                error !== undefined
                  ? "border-rose-500 outline-rose-500"
                  : "border-slate-300 dark:border-slate-600",
              )}
            />
            {error !== undefined && (
              <span
                id={`${id}-error`}
                className="max-w-64 text-[11px] text-rose-700 dark:text-rose-300"
              >
                {error}
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
