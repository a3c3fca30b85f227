/** Timestamp -> epoch ms and RFC 3339 (nanoseconds kept, 0/3/6/9 digits like protojson). */
import type { Timestamp } from "@bufbuild/protobuf/wkt";

export function timestampMs(ts: Timestamp | undefined): number {
  if (ts === undefined) return NaN;
  return Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000);
}

export function timestampRfc3339(ts: Timestamp | undefined): string {
  if (ts === undefined) return "";
  const d = new Date(Number(ts.seconds) * 1000);
  if (Number.isNaN(d.getTime())) return "";
  const base = d.toISOString().slice(0, 19);
  const nanos = Math.max(0, Math.min(999_999_999, Math.trunc(ts.nanos)));
  if (nanos === 0) return `${base}Z`;
  let frac = String(nanos).padStart(9, "0");
  if (frac.endsWith("000000")) frac = frac.slice(0, 3);
  else if (frac.endsWith("000")) frac = frac.slice(0, 6);
  return `${base}.${frac}Z`;
}
