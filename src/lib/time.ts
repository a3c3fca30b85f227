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

/**
 * A duration for people: "850 ms", "3.2 s", "4 min 12 s", "2 h 5 min", "3 d 4 h". Two units
 * at most, because a process lifetime is read at a glance. "" when `ms` is negative or not a
 * finite number (clocks of two events that disagree).
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  const two = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`;
  if (s < 3600) return two(Math.floor(s / 60), "min", s % 60, "s");
  if (s < 86_400) return two(Math.floor(s / 3600), "h", Math.floor((s % 3600) / 60), "min");
  return two(Math.floor(s / 86_400), "d", Math.floor((s % 86_400) / 3600), "h");
}
