/**
 * Header "Export": downloads the rows this tab shows (filters applied, in view order) as
 * JSONL (raw events) or CSV (the visible columns). The ingest worker streams the file in
 * pieces (src/ingest/export.ts); they become a Blob download here. Nothing leaves the machine.
 */
import { useId, useState } from "react";
import { useMenu } from "../hooks/use-dismiss";
import { formatCount } from "../lib/format-count";
import type { ColumnId } from "../model/columns";
import type { ExportFormat } from "../protocol/protocol";
import type { ViewClient } from "../view/worker-client";

const BTN =
  "rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

/** `tetragon-events-2024-05-01T12-00-00Z.csv`: sortable, no characters file systems reject. */
export function exportFileName(nowMs: number, ext: ExportFormat): string {
  const stamp = new Date(nowMs)
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");
  return `tetragon-events-${stamp}.${ext}`;
}

function download(parts: string[], name: string, type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
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

export function ExportMenu(props: { client: ViewClient; columns: readonly ColumnId[] }) {
  const { open, setOpen, rootRef, buttonRef } = useMenu();
  const [progress, setProgress] = useState<number | null>(null);
  const menuId = useId();
  const run = (format: ExportFormat) => {
    setOpen(false);
    setProgress(0);
    const started = Date.now();
    void props.client.exportRows(format, props.columns, setProgress).then((parts) => {
      setProgress(null);
      const type = format === "jsonl" ? "application/x-ndjson" : "text/csv";
      download(parts, exportFileName(started, format), type);
    });
  };
  return (
    <div ref={rootRef} className="relative flex items-center gap-2">
      <button
        ref={buttonRef}
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
      {progress !== null && (
        <span role="status" className="text-xs text-slate-500">
          Exporting… {formatCount(progress)} events
        </span>
      )}
      {open && (
        <div
          id={menuId}
          role="group"
          aria-label="Export shown rows"
          className="absolute top-full right-0 z-20 mt-1 flex w-52 flex-col gap-1 rounded border border-slate-300 bg-white p-2 text-xs shadow-lg dark:border-slate-600 dark:bg-slate-900"
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
