/**
 * Show/hide columns: a disclosure with one checkbox per column (choice kept in the URL);
 * Escape or a click outside closes it.
 */
import { useId } from "react";
import { useMenu } from "../hooks/use-dismiss";
import { COLUMN_HEADERS, COLUMN_IDS } from "../model/columns";

export function ColumnMenu(props: {
  visible: readonly string[];
  onChange: (next: readonly string[]) => void;
}) {
  const { open, setOpen, rootRef, buttonRef } = useMenu();
  const menuId = useId();
  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => {
          setOpen((o) => !o);
        }}
        className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        Columns
      </button>
      {open && (
        <fieldset
          id={menuId}
          className="absolute right-0 z-20 mt-1 w-44 rounded border border-slate-300 bg-white p-2 text-xs shadow-lg dark:border-slate-600 dark:bg-slate-900"
        >
          <legend className="sr-only">Visible columns</legend>
          {COLUMN_IDS.map((id) => (
            <label key={id} className="flex items-center gap-2 py-0.5">
              <input
                type="checkbox"
                checked={props.visible.includes(id)}
                onChange={(e) => {
                  const checked = e.currentTarget.checked;
                  props.onChange(
                    COLUMN_IDS.filter((c) => (c === id ? checked : props.visible.includes(c))),
                  );
                }}
              />
              {COLUMN_HEADERS[id]}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
