/**
 * The Summary cell leads with what differs between events. The row's summary is tetra's
 * compact line, "<verb padded to 7> <ns/pod or node> <binary> <details>"; verb, pod and
 * binary have their own columns, so in a narrow cell the details (cap_capable, the opened
 * path, the connection) were cut off and many rows looked alike. The cell shows the details
 * first and the repeated context after them, muted; the full line stays the cell's title and
 * what the export and the search use.
 */
import type { RowView } from "../model/row";

export interface SummaryParts {
  /** What tells this event apart: the summary after its context, or the whole summary. */
  readonly lead: string;
  /** "verb ns/pod binary" when it was moved behind the lead, else "". */
  readonly context: string;
}

type SummaryRow = Pick<RowView, "summary" | "verb" | "namespace" | "pod" | "node" | "binary">;

export function summaryParts(row: SummaryRow): SummaryParts {
  const source = row.pod !== "" ? `${row.namespace}/${row.pod}` : row.node;
  const prefix = `${row.verb.padEnd(7)} ${source} ${row.binary}`;
  if (row.verb === "" || !row.summary.startsWith(`${prefix} `)) {
    return { lead: row.summary, context: "" };
  }
  const lead = row.summary.slice(prefix.length + 1).trim();
  if (lead === "") return { lead: row.summary, context: "" };
  return { lead, context: `${row.verb} ${source} ${row.binary}` };
}
