/**
 * Time formatting for event timestamps. The table shows local wall-clock time to the
 * millisecond; the detail pane and tooltips show the agent's own RFC 3339 string (which keeps
 * nanoseconds) or, failing that, the full ISO form.
 */

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** "HH:MM:SS.mmm" in local time; "" when `ms` is not a finite number. */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms)) return "";
  const d = new Date(ms);
  return `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(d.getMilliseconds(), 3)}`;
}

/** "YYYY-MM-DD HH:MM:SS.mmm" in local time; "" when `ms` is not a finite number. */
export function formatLocalDateTime(ms: number): string {
  if (!Number.isFinite(ms)) return "";
  const d = new Date(ms);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)} ${formatClock(ms)}`;
}

/** Full ISO 8601 in UTC ("2022-01-19T16:29:01.861Z"); "" when `ms` is not a finite number. */
export function formatIso(ms: number): string {
  if (!Number.isFinite(ms)) return "";
  const d = new Date(ms);
  // Years beyond 275760 make toISOString throw; Number.isFinite does not exclude them.
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}

/**
 * The most precise text for an event time: the agent's RFC 3339 string when present
 * (nanoseconds kept), else ISO from the epoch milliseconds.
 */
export function fullTime(time: string, ms: number): string {
  return time !== "" ? time : formatIso(ms);
}
