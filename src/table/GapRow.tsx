/** A row marking an outage: events from `node` (or every node) may be missing in between. */
import type { CSSProperties } from "react";
import { formatClock } from "../lib/time";
import type { Gap, GapEntry } from "../protocol/protocol";
import { formatCount } from "../lib/format-count";
import { MarkerRow } from "./MarkerRow";

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
    <MarkerRow
      rowIndex={props.rowIndex}
      colSpan={props.colSpan}
      style={props.style}
      tone={
        file
          ? "border-sky-500 bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-200"
          : "border-dashed border-amber-500 bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200"
      }
      icon={file ? "📄" : "⚠️"}
      label={gapLabel(props.gap)}
      data={file ? { "data-file-marker": "true" } : { "data-gap": "true" }}
    />
  );
}
