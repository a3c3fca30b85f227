/**
 * Timestamp -> epoch ms and RFC 3339 (nanoseconds kept, 0/3/6/9 digits like protojson).
 * The `…Of(seconds, nanos)` forms take the seconds as `Number(ts.seconds)`: the ingest
 * worker stores exactly those two numbers per event and derives both strings from them.
 */
import type { SlimTime } from "./slim-event.js";

export function msOf(seconds: number, nanos: number): number {
  return seconds * 1000 + Math.floor(nanos / 1_000_000);
}

/** The last seconds value formatted: events arrive in time order, many per second. */
let lastSeconds = NaN;
let lastBase = "";

function isoSeconds(seconds: number): string {
  if (seconds !== lastSeconds) {
    const d = new Date(seconds * 1000);
    lastBase = Number.isNaN(d.getTime()) ? "" : d.toISOString().slice(0, 19);
    lastSeconds = seconds;
  }
  return lastBase;
}

export function rfc3339Of(seconds: number, rawNanos: number): string {
  const base = isoSeconds(seconds);
  if (base === "") return "";
  const nanos = Math.max(0, Math.min(999_999_999, Math.trunc(rawNanos)));
  if (nanos === 0) return `${base}Z`;
  let frac = String(nanos).padStart(9, "0");
  if (frac.endsWith("000000")) frac = frac.slice(0, 3);
  else if (frac.endsWith("000")) frac = frac.slice(0, 6);
  return `${base}.${frac}Z`;
}

export function timestampMs(ts: SlimTime | undefined): number {
  return ts === undefined ? NaN : msOf(Number(ts.seconds), ts.nanos);
}

export function timestampRfc3339(ts: SlimTime | undefined): string {
  return ts === undefined ? "" : rfc3339Of(Number(ts.seconds), ts.nanos);
}
