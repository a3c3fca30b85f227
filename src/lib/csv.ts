/**
 * CSV (RFC 4180) for exporting event rows to spreadsheets. Event strings are
 * attacker-controlled, so each cell is first made visible (control, bidi and invisible
 * characters become markers, as on screen), then guarded against formula injection (a cell
 * starting with = + - @ gets a leading ') and finally always quoted, with quotes doubled.
 * Rows end with CRLF, as the RFC and Excel expect.
 */
import { neutraliseForCopy, visibleTextFull } from "./text";

/** One cell: visible, formula-neutral, quoted. */
export function csvCell(value: string): string {
  const safe = neutraliseForCopy(visibleTextFull(value));
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** A whole document: the header line, then one line per row. */
export function toCsv(header: readonly string[], rows: Iterable<readonly string[]>): string {
  let out = csvLine(header);
  for (const row of rows) out += csvLine(row);
  return out;
}
