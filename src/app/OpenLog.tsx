/**
 * Header "Open log…": a Tetragon JSON log from the user's disk (tetragon.log, `kubectl logs …
 * -c export-stdout` output, .json, .jsonl, .gz) read into the table without any agent. The
 * File goes to the ingest worker as is (structured clone, no copy of its bytes here), which
 * streams it through src/logs; progress and warnings come back as `client.fileSource`
 * (FileSourceStatus). Also the drop target for files dragged onto the table (useLogFileDrop).
 */
import { useCallback, useRef, useState, type DragEvent } from "react";
import type { ViewClient } from "../view/worker-client";

const BTN =
  "rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

export function OpenLogButton(props: { client: ViewClient; onRefused: (why: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const { client, onRefused } = props;
  return (
    <>
      <button
        type="button"
        className={BTN}
        onClick={() => input.current?.click()}
        title="Read a Tetragon JSON log (tetragon.log, kubectl logs output, .jsonl, .gz) into the table"
      >
        Open log…
      </button>
      <input
        ref={input}
        type="file"
        aria-label="Open log file"
        className="sr-only"
        tabIndex={-1}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          // The same file may be opened again: forget this choice.
          e.currentTarget.value = "";
          if (file !== undefined) openLogFile(client, file, onRefused);
        }}
      />
    </>
  );
}

export function openLogFile(
  client: ViewClient,
  file: File,
  onRefused: (why: string) => void,
): void {
  void client.openLog(file, file.name).then(({ error }) => {
    if (error !== "") onRefused(error);
  });
}

/** Drag-and-drop of a log file onto the table: handlers for the drop zone and its state. */
export function useLogFileDrop(client: ViewClient, onRefused: (why: string) => void) {
  const [over, setOver] = useState(false);
  const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes("Files");
  const onDragOver = useCallback((e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
    setOver(true);
  }, []);
  const onDragLeave = useCallback(() => {
    setOver(false);
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(false);
      const file = e.dataTransfer.files[0];
      if (file !== undefined) openLogFile(client, file, onRefused);
    },
    [client, onRefused],
  );
  return { over, handlers: { onDragOver, onDragLeave, onDrop } };
}
