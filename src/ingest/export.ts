/**
 * Export of the events a tab shows (filters applied, in view order; gap rows left out),
 * streamed to the tab in chunks as a job, so a 500,000-event export never blocks ingest or
 * the other tabs: JSONL with each event's raw JSON exactly as `tetra getevents -o json`
 * prints it (decoded in full from the kept bytes), or CSV with the tab's visible columns.
 * Both are neutralised: JSONL escapes bidi/invisible characters as \uXXXX (same values), CSV
 * cells go through csvCell (visible, formula-neutral, quoted). Events evicted while the
 * export runs are left out (the export is of the buffer as it goes).
 */
import { jsonLine } from "../decode/describe-encoded.js";
import { csvLine } from "../lib/csv.js";
import { COLUMN_HEADERS, COLUMN_IDS, columnText, type ColumnId } from "../model/columns.js";
import type { ExportFormat } from "../protocol/protocol.js";
import { runJob, type Job, type TaskScheduler } from "./query/jobs.js";
import type { EventStore } from "./store/event-store.js";

export interface ExportSink {
  /** A piece of the file and how many events it holds. */
  chunk(text: string, rows: number): void;
  done(): void;
}

/** Text gathered before it is handed to the sink. */
const CHUNK_CHARS = 1 << 20;

export function exportJob(
  store: EventStore,
  positions: Float64Array,
  format: ExportFormat,
  visible: readonly ColumnId[],
  scheduler: TaskScheduler,
  sink: ExportSink,
): Job {
  const ids = COLUMN_IDS.filter((id) => visible.includes(id));
  let text = format === "csv" ? csvLine(ids.map((id) => COLUMN_HEADERS[id])) : "";
  let rows = 0;
  let next = 0;
  const flush = (): void => {
    if (text === "" && rows === 0) return;
    sink.chunk(text, rows);
    text = "";
    rows = 0;
  };
  const line = (pos: number): string | undefined => {
    if (format === "csv") {
      const row = store.rowView(pos);
      return csvLine(ids.map((id) => columnText(id, row)));
    }
    try {
      return `${jsonLine(store.bytes(pos))}\n`;
    } catch {
      return undefined; // a malformed event has no JSON form
    }
  };
  return runJob(
    scheduler,
    (deadline) => {
      for (; next < positions.length; next++) {
        const pos = positions[next] ?? NaN;
        if (!store.holds(pos)) continue;
        const l = line(pos);
        if (l === undefined) continue;
        text += l;
        rows++;
        if (text.length >= CHUNK_CHARS) flush();
        if ((next & 63) === 63 && scheduler.now() > deadline) {
          next++;
          flush();
          return false;
        }
      }
      flush();
      return true;
    },
    () => {
      sink.done();
    },
  );
}
