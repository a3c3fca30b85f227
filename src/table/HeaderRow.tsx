/** The sticky column header row; a click on a header cycles its sort (asc, desc, none). */
import type { ReactTable } from "@tanstack/react-table";
import type { features, Entry } from "./columns";

export function HeaderRow({
  table,
  width,
}: {
  table: ReactTable<typeof features, Entry>;
  width: number;
}) {
  return (
    <div role="rowgroup" className="sticky top-0 z-10" style={{ width }}>
      {table.getHeaderGroups().map((group) => (
        <div
          key={group.id}
          role="row"
          aria-rowindex={1}
          className="flex border-b border-slate-300 bg-slate-100 font-sans font-semibold text-slate-700 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-200"
        >
          {group.headers.map((header) => {
            const sorted = header.column.getIsSorted();
            return (
              <div
                key={header.id}
                role="columnheader"
                aria-sort={
                  sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"
                }
                className="shrink-0"
                style={{ width: header.getSize() }}
              >
                <button
                  type="button"
                  onClick={header.column.getToggleSortingHandler()}
                  className="flex w-full items-center gap-1 truncate px-1.5 py-1 text-left hover:bg-slate-200 dark:hover:bg-slate-700"
                  title="Sort (click again to reverse, a third time for arrival order)"
                >
                  <table.FlexRender header={header} />
                  <span aria-hidden="true" className="text-slate-500">
                    {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
