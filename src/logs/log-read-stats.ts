/*
 * Counts what a log read produced, per outcome, for ONE warning line at the end (or per
 * progress report): events, unknown field paths and skipped kinds by name, lines that were
 * not events (with the first one's line number and reason). Names come from LineResult,
 * already made safe; distinct names are capped so a hostile log cannot grow the maps.
 */
import { OLDER_EVENT_KINDS, type LineResult } from "./line-result.js";

/** Distinct names counted per map; the rest are counted under OTHER. */
export const MAX_DISTINCT_NAMES = 100;
const OTHER = "(others)";
/** Names listed per clause of the summary. */
const SHOWN_NAMES = 10;

function bump(map: Map<string, number>, name: string): void {
  const key = map.has(name) || map.size < MAX_DISTINCT_NAMES ? name : OTHER;
  map.set(key, (map.get(key) ?? 0) + 1);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function listByCount(entries: [string, number][]): string {
  const sorted = entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = sorted.slice(0, SHOWN_NAMES).map(([name, n]) => `${name} (${n})`);
  if (sorted.length > SHOWN_NAMES) shown.push(`${sorted.length - SHOWN_NAMES} more`);
  return shown.join(", ");
}

export class LogReadStats {
  #events = 0;
  #errors = 0;
  #firstError: { line: number; reason: string } | undefined;
  readonly #unknownFields = new Map<string, number>();
  readonly #skippedKinds = new Map<string, number>();

  add(result: LineResult<unknown>, lineNumber: number): void {
    switch (result.kind) {
      case "event":
        this.#events++;
        for (const path of result.unknownFields) bump(this.#unknownFields, path);
        return;
      case "skipped":
        bump(this.#skippedKinds, result.eventKind);
        return;
      case "error":
        this.#errors++;
        this.#firstError ??= { line: lineNumber, reason: result.reason };
        return;
      case "blank":
        return;
    }
  }

  get events(): number {
    return this.#events;
  }
  /** Events that had each unknown field path. */
  get unknownFields(): ReadonlyMap<string, number> {
    return this.#unknownFields;
  }
  get skippedKinds(): ReadonlyMap<string, number> {
    return this.#skippedKinds;
  }
  /** Lines that were neither events, skipped kinds nor blank. */
  get errors(): number {
    return this.#errors;
  }

  /**
   * One warning line, e.g. "read 40 events; tolerated unknown fields: a.b (3), c (1);
   * skipped older kinds: process_connect (5); 2 lines not events (first: line 7: not valid
   * JSON)". "" when every line was an event the schema fully knows (or blank).
   */
  summary(): string {
    const parts: string[] = [];
    if (this.#unknownFields.size > 0)
      parts.push(`tolerated unknown fields: ${listByCount([...this.#unknownFields])}`);
    const skipped = [...this.#skippedKinds];
    const older = skipped.filter(([k]) => OLDER_EVENT_KINDS.has(k));
    const unknown = skipped.filter(([k]) => !OLDER_EVENT_KINDS.has(k));
    if (older.length > 0) parts.push(`skipped older kinds: ${listByCount(older)}`);
    if (unknown.length > 0) parts.push(`skipped unknown kinds: ${listByCount(unknown)}`);
    if (this.#firstError) {
      const { line, reason } = this.#firstError;
      parts.push(
        `${plural(this.#errors, "line", "lines")} not events (first: line ${line}: ${reason})`,
      );
    }
    if (parts.length === 0) return "";
    return [`read ${plural(this.#events, "event", "events")}`, ...parts].join("; ");
  }
}
