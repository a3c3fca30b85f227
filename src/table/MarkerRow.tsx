/**
 * The shell every marker row shares (a gap, a file's start, an agent filter change): one
 * full-width grid cell with an icon and a line of text. The text is attacker-influenced
 * (reasons, node names, filter values): rendered through visibleText, as text only.
 */
import type { CSSProperties } from "react";
import { visibleText } from "../lib/text";

export function MarkerRow(props: {
  rowIndex: number;
  colSpan: number;
  style: CSSProperties;
  /** Colours and border of this kind of marker. */
  tone: string;
  icon: string;
  label: string;
  /** data-* attributes naming the marker for tests and styles. */
  data: Readonly<Record<`data-${string}`, string>>;
}) {
  return (
    <div
      role="row"
      aria-rowindex={props.rowIndex}
      {...props.data}
      className={`absolute top-0 left-0 flex w-full items-center border-y ${props.tone}`}
      style={props.style}
    >
      <div role="gridcell" aria-colspan={props.colSpan} className="truncate px-2">
        <span aria-hidden="true">{props.icon} </span>
        {visibleText(props.label)}
      </div>
    </div>
  );
}
