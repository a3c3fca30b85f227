/**
 * What the event store holds. Events and gaps share one buffer so a gap sorts by position
 * (arrival order) between the events before and after the outage. `R` is the raw message
 * type (GetEventsResponse in the app): stream/ never imports generated code, so the raw
 * message stays opaque here and is only read by src/model and src/detail.
 */
import type { EventRow } from "../model/event-row";

export interface EventEntry<R> {
  readonly type: "event";
  readonly id: string;
  readonly row: EventRow;
  readonly raw: R;
}

/** A period where events may be missing: the browser's stream broke, or an agent was down. */
export interface GapEntry {
  readonly type: "gap";
  readonly id: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Node name (or agent address) the gap concerns; "" when every node is affected. */
  readonly node: string;
  readonly reason: string;
  readonly source: "browser" | "agent";
  /** How many events are known to be missing, when that is known (a tab that fell behind). */
  readonly dropped?: number;
}

export type BufferEntry<R> = EventEntry<R> | GapEntry;

/** One decoded event as it enters the store (decode + toEventRow happen upstream). */
export interface IngestItem<R> {
  readonly row: EventRow;
  readonly raw: R;
}

/** A compiled filter: true keeps the row. Gaps are never filtered out. */
export type RowPredicate = (row: EventRow) => boolean;

/** Orders two entries for a sorted view; `null` in the store means arrival order. */
export type EntryComparator<R> = (a: BufferEntry<R>, b: BufferEntry<R>) => number;

/** Per-agent state as the gateway reports it (mapped from GetStatus in src/api). */
export type AgentState =
  "connecting" | "connected" | "reconnecting" | "idle" | "stopped" | "unknown";

export interface AgentGap {
  readonly startMs: number;
  /** undefined while the outage lasts. */
  readonly endMs: number | undefined;
  readonly reason: string;
}

/** How the gateway reaches an agent; "discovery" marks cluster discovery's own status line. */
export type AgentTransportView = "grpc" | "port-forward" | "exec" | "discovery" | "";

export interface AgentStatusView {
  readonly address: string;
  readonly nodeName: string;
  readonly state: AgentState;
  readonly reason: string;
  readonly retryInMs: number;
  /** Cluster mode: "namespace/name" of the agent's pod, how it is reached, and why. */
  readonly pod?: string;
  readonly transport?: AgentTransportView;
  readonly transportReason?: string;
  readonly attempt: number;
  readonly eventsPerSec: number;
  readonly gaps: readonly AgentGap[];
}
