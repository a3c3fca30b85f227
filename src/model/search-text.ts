/**
 * What free-text Search looks at: a case-insensitive substring over every field the table
 * can show. `SEARCH_PARTS` lists those fields in order; `searchTextOf(row)` is the meaning
 * (one lower-cased text per row, parts joined by "\n"). The ingest worker never builds that
 * text per row: it tests each distinct stored string once and then rows by string id
 * (src/ingest/query/search.ts), with a test proving both agree.
 */
import { KIND_META } from "./event-kind.js";
import type { RowView, StringField } from "./row.js";

/** The summary is capped in the search text: its content is mostly other fields again. */
export const SUMMARY_IN_SEARCH = 1024;

export type SearchPart =
  | { readonly type: "kindLabel" }
  | { readonly type: "kindName" }
  | { readonly type: "string"; readonly field: StringField; readonly cap?: number }
  | { readonly type: "labels" }
  | { readonly type: "number"; readonly field: "pid" | "uid" };

const str = (field: StringField, cap?: number): SearchPart =>
  cap === undefined ? { type: "string", field } : { type: "string", field, cap };

export const SEARCH_PARTS: readonly SearchPart[] = [
  { type: "kindLabel" },
  { type: "kindName" },
  str("verb"),
  str("node"),
  str("cluster"),
  str("namespace"),
  str("pod"),
  str("container"),
  str("workload"),
  { type: "labels" },
  str("binary"),
  str("arguments"),
  str("parentBinary"),
  str("parentArguments"),
  { type: "number", field: "pid" },
  { type: "number", field: "uid" },
  str("exitStatus"),
  str("policy"),
  str("functionName"),
  str("action"),
  str("returnValue"),
  str("containerId"),
  str("image"),
  // Pasting an exec_id finds every event of that process and of its children.
  str("execId"),
  str("parentExecId"),
  str("summary", SUMMARY_IN_SEARCH),
];

/** One part's text, before lower-casing. */
export function searchPartText(part: SearchPart, row: RowView): string {
  switch (part.type) {
    case "kindLabel":
      return KIND_META[row.kind].label;
    case "kindName":
      return row.kind;
    case "string": {
      const v = row[part.field];
      return part.cap !== undefined && v.length > part.cap ? v.slice(0, part.cap) : v;
    }
    case "labels":
      return row.labels.join(" ");
    case "number": {
      const n = row[part.field];
      return n === undefined ? "" : String(n);
    }
  }
}

/** The row's search text: every part, joined by "\n", lower-cased. */
export function searchTextOf(row: RowView): string {
  return SEARCH_PARTS.map((p) => searchPartText(p, row))
    .join("\n")
    .toLowerCase();
}
