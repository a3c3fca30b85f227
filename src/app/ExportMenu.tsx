/**
 * Header "Export": downloads the rows currently shown (filters applied) as JSONL (raw events)
 * or CSV (the visible columns). The file is built from the store snapshot at click time and
 * handed to the browser as a Blob download; nothing leaves the machine.
 */
import { useId, useState } from "react";
import type { RawEvent } from "../api/clients";
import type { EventStore } from "../stream/event-store";
import { exportCsv, exportFileName, exportJsonl } from "../table/export-rows";

const BTN =
  "rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started once click() returns; revoke on the next task to be safe.
  window.setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}

export function ExportMenu(props: { store: EventStore<RawEvent>; columns: readonly string[] }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const run = (format: "jsonl" | "csv") => {
    const snapshot = props.store.getSnapshot();
    const now = Date.now();
    if (format === "jsonl") {
      download(exportJsonl(snapshot), exportFileName(now, "jsonl"), "application/x-ndjson");
    } else {
      download(exportCsv(snapshot, props.columns), exportFileName(now, "csv"), "text/csv");
    }
    setOpen(false);
  };
  return (
    <div className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => {
          setOpen((o) => !o);
        }}
        className={BTN}
      >
        Export
      </button>
      {open && (
        <div
          id={menuId}
          role="group"
          aria-label="Export shown rows"
          className="absolute right-0 z-20 mt-1 flex w-52 flex-col gap-1 rounded border border-slate-300 bg-white p-2 text-xs shadow-lg dark:border-slate-600 dark:bg-slate-900"
        >
          <button
            type="button"
            className={BTN}
            onClick={() => {
              run("jsonl");
            }}
          >
            JSONL (raw events)
          </button>
          <button
            type="button"
            className={BTN}
            onClick={() => {
              run("csv");
            }}
          >
            CSV (visible columns)
          </button>
        </div>
      )}
    </div>
  );
}
