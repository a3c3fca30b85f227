/**
 * A row marking a change of what the agents send ("Agent filter changed"): events above it
 * passed the previous agent filter, events below it the new one. The summary is text only.
 */
import type { CSSProperties } from "react";
import { formatClock } from "../lib/time";
import type { NoteEntry } from "../protocol/protocol";
import { MarkerRow } from "./MarkerRow";

export function noteLabel(note: NoteEntry): string {
  const what = note.summary === "" ? "the agents send every event" : note.summary;
  return `Agent filter changed at ${formatClock(note.startMs)}: ${what}`;
}

export function NoteRow(props: {
  note: NoteEntry;
  rowIndex: number;
  colSpan: number;
  style: CSSProperties;
}) {
  return (
    <MarkerRow
      rowIndex={props.rowIndex}
      colSpan={props.colSpan}
      style={props.style}
      tone="border-dashed border-sky-500 bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-200"
      icon="⏷"
      label={noteLabel(props.note)}
      data={{ "data-note": "agent-filter" }}
    />
  );
}
