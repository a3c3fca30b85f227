/**
 * One encoded event -> its table row, the way the ingest worker reads every event: the fast
 * partial decoder, `fromBinary` when it refuses, and a "malformed" row when neither can read
 * the bytes (shown and counted, never silently dropped; the stream goes on).
 */
import { fromBinary } from "@bufbuild/protobuf";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import type { RowView } from "../model/row.js";
import { STRING_FIELDS } from "../model/row.js";
import { decodeSlim } from "./slim-decode.js";
import type { SlimEvent, SlimTime } from "./slim-event.js";
import type { SlimCaches } from "./slim-wire.js";
import { buildRow, keyHash, keyString } from "./to-row.js";

export interface DecodedRow {
  /** The row's fields; `key` is left empty (the hash below is what is kept). */
  readonly row: RowView;
  /** The hash behind `row.key` (keyString(keyHash) === row.key). */
  readonly keyHash: number;
  /** The event time as sent (the worker stores it and derives both time fields). */
  readonly time: SlimTime | undefined;
  /** Drops a rate_limit_info event reports (Tetragon's limiter, or the gateway's). */
  readonly reportedDrops: number;
}

const NO_LABELS: readonly string[] = Object.freeze([]);

/** The row of an event no decoder could read. */
export function malformedRow(seq: number, length: number, reason: string): RowView {
  const summary = `malformed event (${String(length)} bytes): ${reason}`;
  const row: Record<string, unknown> = { seq, kind: "unknown", timeMs: NaN, time: "" };
  for (const f of STRING_FIELDS) row[f] = "";
  Object.assign(row, { labels: NO_LABELS, pid: undefined, uid: undefined, summary });
  Object.assign(row, { verb: "malformed", key: keyString(keyHash(summary)) });
  return row as unknown as RowView;
}

export function decodeRow(bytes: Uint8Array, caches: SlimCaches, seq: number): DecodedRow {
  let event: SlimEvent | undefined = decodeSlim(bytes, caches);
  let reason = "";
  if (event === undefined) {
    try {
      event = fromBinary(GetEventsResponseSchema, bytes);
    } catch (e) {
      reason = e instanceof Error ? e.message : String(e);
    }
  }
  if (event === undefined) {
    const row = malformedRow(seq, bytes.length, reason);
    return { row, keyHash: parseInt(row.key, 36), time: undefined, reportedDrops: 0 };
  }
  const ev = event.event;
  return {
    ...buildRow(event, seq, false),
    time: event.time,
    reportedDrops: ev.case === "rateLimitInfo" ? Number(ev.value.numberOfDroppedProcessEvents) : 0,
  };
}
