/** The detail pane's content as plain data: titled lists of [label, value] (src/decode/detail.ts builds them in the worker). */

/** One row of a detail section. */
export type DetailEntry = readonly [label: string, value: string];

export interface DetailSection {
  readonly title: string;
  readonly entries: readonly DetailEntry[];
}
