/** A row marking an outage: events from `node` (or every node) may be missing in between. */
import type { CSSProperties } from "react";
import { formatClock } from "../lib/time";
import { visibleText } from "../lib/text";
import type { Gap, GapEntry } from "../protocol/protocol";
import { formatCount } from "../lib/format-count";

export function gapLabel(gap: Gap): string {
  // Not a gap: where the events of an opened log file start (src/ingest/file-source.ts).
  if (gap.source === "file") return `${gap.reason} — the events read from this log follow`;
  const seconds = ((gap.endMs - gap.startMs) / 1000).toFixed(1);
  const who = gap.node === "" ? "all nodes" : `node ${gap.node}`;
  const why = gap.reason === "" ? "" : ` — ${gap.reason}`;
  const what =
    gap.dropped === undefined
      ? "events may be missing"
      : `${formatCount(gap.dropped)} event${gap.dropped === 1 ? "" : "s"} dropped`;
  return `Gap: ${who}, ${formatClock(gap.startMs)} → ${formatClock(gap.endMs)} (${seconds} s), ${what}${why}`;
}

export function GapRow(props: {
  gap: GapEntry;
  rowIndex: number;
  colSpan: number;
  style: CSSProperties;
}) {
  const file = props.gap.source === "file";
  return (
    <div
      role="row"
      aria-rowindex={props.rowIndex}
      data-gap={file ? undefined : "true"}
      data-file-marker={file ? "true" : undefined}
      className={
        file
          ? "absolute top-0 left-0 flex w-full items-center border-y border-sky-500 bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-200"
          : "absolute top-0 left-0 flex w-full items-center border-y border-dashed border-amber-500 bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200"
      }
      style={props.style}
    >
      <div role="gridcell" aria-colspan={props.colSpan} className="truncate px-2">
        <span aria-hidden="true">{file ? "📄 " : "⚠️ "}</span>
        {visibleText(gapLabel(props.gap))}
      </div>
    </div>
  );
}
