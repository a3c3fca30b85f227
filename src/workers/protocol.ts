/**
 * Messages between the ingest worker (one per gateway URL and origin, shared by every tab)
 * and the pages. Rows travel once per batch, never per event: `rows` holds the table fields
 * of each event (an EventRow without `raw`), `bytes` every event's encoded
 * GetEventsResponse back to back, and `ends[i]` the end offset of row i in `bytes`, so the
 * page keeps the compact bytes and decodes the full message only when someone asks for it.
 */
import type { EventRow } from "../model/event-row";
import type { ConnectionState } from "../stream/connection";
import type { StatusSnapshot } from "../stream/status-poller";
import type { GapEntry } from "../stream/types";

export type WireRow = Omit<EventRow, "raw">;

export type Gap = Omit<GapEntry, "type" | "id">;

export type ToPage =
  | {
      readonly type: "rows";
      /** Per-page batch number: the page acks it once the rows are in its store. */
      readonly batch: number;
      readonly rows: readonly WireRow[];
      readonly bytes: ArrayBuffer;
      readonly ends: Uint32Array;
      /** Sum of the drops the batch's rate_limit_info events report. */
      readonly reportedDrops: number;
    }
  /**
   * Events this page never received because it fell behind: the dropped rows plus the drops
   * their rate_limit_info rows reported (see src/workers/port-flow.ts).
   */
  | {
      readonly type: "lost";
      readonly count: number;
      readonly startMs: number;
      readonly endMs: number;
    }
  | { readonly type: "gap"; readonly gap: Gap }
  | { readonly type: "state"; readonly state: ConnectionState }
  | { readonly type: "status"; readonly status: StatusSnapshot };

export type ToWorker =
  /** First message of every page: which gateway to stream from. */
  | { readonly type: "hello"; readonly baseUrl: string }
  | { readonly type: "retry" }
  /** Every rows batch up to `batch` is in the page's store: the worker may send more. */
  | { readonly type: "ack"; readonly batch: number }
  /** The page is going away (pagehide): stop posting to its port. */
  | { readonly type: "bye" };

/** The SharedWorker's name: one worker (and so one stream) per gateway URL. */
export function workerName(baseUrl: string): string {
  return `tetragon-ingest ${baseUrl}`;
}
