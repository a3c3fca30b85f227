/**
 * A row marking a change of what the agents send ("Agent filter changed"): events above it
 * passed the previous agent filter, events below it the new one. The summary is text only.
 */
import type { CSSProperties } from "react";
import { formatClock } from "../lib/time";
import { visibleText } from "../lib/text";
import type { NoteEntry } from "../protocol/protocol";

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
    <div
      role="row"
      aria-rowindex={props.rowIndex}
      data-note="agent-filter"
      className="absolute top-0 left-0 flex w-full items-center border-y border-dashed border-sky-500 bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-200"
      style={props.style}
    >
      <div role="gridcell" aria-colspan={props.colSpan} className="truncate px-2">
        <span aria-hidden="true">⏷ </span>
        {visibleText(noteLabel(props.note))}
      </div>
    </div>
  );
}
