/**
 * The From/To filter's grammar: a date, or a date and time, with an optional zone. A bound
 * without a zone is local time, as the Time column shows it. A bound covers the whole of its
 * last unit: "2026-12-02" is that day, "15:04" that minute, "15:04:05.1" that tenth of a
 * second, so From takes the unit's start and To its end (both inclusive for the user).
 * Pure: the ingest worker compiles with it (query/compile.ts), tests run it in Node.
 */

/** The instants a bound covers: [startMs, endMs). */
export type TimeBound =
  | { readonly ok: true; readonly startMs: number; readonly endMs: number }
  | { readonly ok: false; readonly error: string };

const FORMAT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

const EXAMPLE = "use 2026-12-02, 2026-12-02 15:04, 2026-12-02T15:04:05Z";

/** Epoch ms of the given wall-clock fields, in UTC when `utc`, else in local time. */
function instant(utc: boolean, f: readonly number[]): number {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0, ms = 0] = f;
  if (utc) return Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const date = new Date(y, mo - 1, d, h, mi, s, ms);
  // new Date(y, ...) maps years 0-99 to 1900-1999: set the year exactly.
  if (y < 100) date.setFullYear(date.getFullYear() - 1900);
  return date.getTime();
}

function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return sign * minutes * 60_000;
}

export function parseTimeBound(text: string): TimeBound {
  const m = FORMAT.exec(text.trim());
  if (m === null) return { ok: false, error: `not a time: ${EXAMPLE}` };
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const fields = [y, mo, d, h ?? "0", mi ?? "0", s ?? "0"].map(Number);
  const [, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return { ok: false, error: `no such date or time: ${EXAMPLE}` };
  // The fraction beyond milliseconds is ignored: event times are compared in milliseconds.
  const fracMs = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, "0"));
  fields.push(fracMs);
  // The last unit given: index into `fields` and its size where it is a fixed duration.
  const unit = frac !== undefined ? 6 : s !== undefined ? 5 : h !== undefined ? 4 : 2;
  const step = frac !== undefined ? 10 ** (3 - Math.min(3, frac.length)) : 1;
  const next = fields.slice();
  next[unit] = (next[unit] ?? 0) + step;
  const utc = zone !== undefined;
  const shift = utc ? zoneOffsetMs(zone) : 0;
  const startMs = instant(utc, fields) - shift;
  const endMs = instant(utc, next) - shift;
  // Rejects dates that roll over (2026-02-30 would be March 2nd).
  if (new Date(instant(true, fields)).getUTCDate() !== day)
    return { ok: false, error: `no such date: ${EXAMPLE}` };
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs))
    return { ok: false, error: `out of range: ${EXAMPLE}` };
  return { ok: true, startMs, endMs };
}
