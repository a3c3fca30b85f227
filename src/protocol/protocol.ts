/**
 * The wire between the ingest worker (src/ingest: one per gateway URL and origin, shared by
 * every tab) and each tab (src/view). The worker owns the events; a tab sends what it wants
 * to see (filters, sort, viewport, pause) and receives only the rows it draws, the counts and
 * the connection state. Everything here is structured-clone data: plain objects, strings,
 * numbers.
 *
 * Flow control: the worker sends a tab at most one `update` that the tab has not acked; it
 * coalesces everything that changes meanwhile into the next one. A slow tab therefore costs
 * nothing and loses nothing: it is simply shown the latest state when it is ready again.
 */
import type { AgentHealthView, AgentInfoView } from "../decode/agent-info.js";
import type { TracingPolicyView } from "../decode/tracing-policies.js";
import type { FilterField, FilterSpec } from "../filters/filter-spec.js";
import type { ColumnId } from "../model/columns.js";
import type { DetailSection } from "../model/detail-section.js";
import type { PrivilegeBadge } from "../decode/privileges.js";
import type { Bounded, ProcessEventItem, ProcessTree } from "../model/process-tree.js";
import type { RowView } from "../model/row.js";
import type { AgentFilterLists } from "../tetra/agent-filter.js";
import type { RateSnapshot } from "../stats/rate-buckets.js";
import type { TopSnapshot } from "../stats/top-counts.js";

// ---- connection and agents -------------------------------------------------------------

export type ConnectionState =
  | { readonly phase: "idle" }
  | { readonly phase: "connecting"; readonly attempt: number }
  | { readonly phase: "live"; readonly sinceMs: number }
  | {
      readonly phase: "reconnecting";
      readonly attempt: number;
      readonly delayMs: number;
      readonly retryAtMs: number;
      readonly reason: string;
    }
  | { readonly phase: "stopped"; readonly reason: string };

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
  /** The agent's last connection or stream error as the gateway saw it ("" or absent: none). */
  readonly lastError?: string;
  readonly gaps: readonly AgentGap[];
}

// ---- one agent's own answers (the Agents dialog) ---------------------------------------

/** A unary call's outcome: the value, or the failure as one line a user can act on. */
export type CallResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** What each of the four allow-listed unary calls answers, as plain data. */
export interface AgentCallValues {
  readonly version: string;
  readonly health: AgentHealthView;
  readonly info: AgentInfoView;
  readonly policies: readonly TracingPolicyView[];
}

export type AgentCall = keyof AgentCallValues;

/** The answer to one `agentCall` (a union over the four calls, tagged by `call`). */
export type AgentCallAnswer = {
  [K in AgentCall]: { readonly call: K; readonly result: CallResult<AgentCallValues[K]> };
}[AgentCall];

// ---- the counts strip ------------------------------------------------------------------

/** What the counts strip draws: sent only to tabs whose strip is open, at most twice a second. */
export interface StatsSnapshot {
  /** Events/s per kind over the last 5 minutes, every event the worker received. */
  readonly rate: RateSnapshot;
  /** Top 10 per field over the events this tab's filters keep (what its table shows). */
  readonly top: TopSnapshot;
  /** The spec version `top` was counted for. */
  readonly version: number;
}

export interface StatusSnapshot {
  readonly agents: readonly AgentStatusView[];
  /** Why the last poll failed, "" when it succeeded. */
  readonly error: string;
}

// ---- rows ------------------------------------------------------------------------------

/** A period where events may be missing: the worker's stream broke, or an agent was down. */
export interface Gap {
  readonly startMs: number;
  readonly endMs: number;
  /** Node name (or agent address) the gap concerns; "" when every node is affected. */
  readonly node: string;
  readonly reason: string;
  /** "file": not a gap but where the events read from an opened log file start (file-source.ts). */
  readonly source: "browser" | "agent" | "file";
  /** How many events are known to be missing, when that is known. */
  readonly dropped?: number;
}

export interface GapEntry extends Gap {
  readonly type: "gap";
  /** Stable for the gap's lifetime ("g" + its number). */
  readonly id: string;
}

export interface EventEntry {
  readonly type: "event";
  readonly row: RowView;
}

/**
 * A marker row "Agent filter changed": the worker restarted its stream with another
 * GetEventsRequest; events above it passed the old agent filter, events below the new one.
 */
export interface AgentFilterNote {
  readonly note: "agent-filter";
  readonly startMs: number;
  /** The new filter in one line ("" when the agents send everything again). */
  readonly summary: string;
}

export interface NoteEntry extends AgentFilterNote {
  readonly type: "note";
  /** Stable for the marker's lifetime ("n" + its number). */
  readonly id: string;
}

/** What a marker row (beside the event columns) holds. */
export type RowMarker = Gap | AgentFilterNote;

/** One row of a tab's view. */
export type ViewEntry = EventEntry | GapEntry | NoteEntry;

// ---- what a tab asks for ---------------------------------------------------------------

export interface SortSpec {
  readonly column: ColumnId;
  readonly desc: boolean;
}

/** Filters and sort; each change is a new `version`, applied off the tab's thread. */
export interface ViewSpec {
  readonly filters: FilterSpec;
  readonly sort: SortSpec | null;
}

/** The rows a tab draws: `count` rows from index `first`, or the newest `count` (follow). */
export interface Viewport {
  readonly first: number;
  readonly count: number;
  readonly follow: boolean;
  /** The `headShift` of the update `first` was computed from (see ViewUpdate). */
  readonly shiftBasis: number;
}

export interface Counts {
  /** Events the worker received since it started. */
  readonly received: number;
  /** Events this tab's view holds (filters applied). */
  readonly shown: number;
  /**
   * True while `shown` counts only the newest part of the buffer: a new filter's newest
   * matches are on screen and the worker is still scanning older events (tab-view.ts).
   */
  readonly counting: boolean;
  /** Events that left the buffer (capacity). */
  readonly evicted: number;
  /** Events known to be lost before the buffer: the drops rate_limit_info events report. */
  readonly dropped: number;
  readonly eventsPerSec: number;
  readonly paused: boolean;
  /** While paused: events matching this tab's filters that arrived since the pause. */
  readonly pendingNew: number;
  readonly capacity: number;
  /** Events held in the buffer. */
  readonly size: number;
}

/** The benchmark's sequence check (only with ?bench=1, see src/app/bench-hook.ts). */
export interface BenchCounts {
  /** Sequence numbers skipped in arrival order (lost events). */
  readonly missing: number;
  /** Times the sequence restarted (a new upstream stream). */
  readonly resets: number;
  /** rate_limit_info events received (counted in Received: notices, not events). */
  readonly dropNotices: number;
}

export interface ViewUpdate {
  /** The number to ack once the update is on screen. */
  readonly update: number;
  /** The spec version whose result `rows` show. */
  readonly version: number;
  /** The newest spec version the worker has seen, and its per-field errors. */
  readonly errorsVersion: number;
  readonly errors: Partial<Record<FilterField, string>>;
  /** Per invalid field, the text whose filter still applies ("" = none): the last valid one. */
  readonly kept: Partial<Record<FilterField, string>>;
  readonly rowCount: number;
  readonly first: number;
  readonly rows: readonly ViewEntry[];
  /**
   * Rows removed from the top of this view by eviction, in total. When it grows by k, the
   * rows below moved up by k: a tab that is not following scrolls up by k rows to keep
   * what the user is reading in place.
   */
  readonly headShift: number;
  readonly counts: Counts;
  readonly bench?: BenchCounts;
}

export type DetailResult =
  | { readonly found: false }
  | {
      readonly found: true;
      readonly row: RowView;
      /** For an exit: the exec of the same exec_id, when still in the buffer. */
      readonly exec: RowView | undefined;
      readonly sections: readonly DetailSection[];
      /** Ancestors nearest first, as "binary arguments (pid N)". */
      readonly ancestry: readonly string[];
      /** What a user must notice about the event's process (capabilities, host namespaces...). */
      readonly badges: readonly PrivilegeBadge[];
      /** The event as `tetra getevents -o json` prints it, and indented. */
      readonly json: string;
      readonly pretty: string;
      /** Why the full event could not be decoded ("" when it could). */
      readonly error: string;
    };

/** Whose process tree a tab asks for. */
export type ProcessTarget =
  /** The process of the event with this selection key. */
  | { readonly event: string }
  /** The process with this exec_id (a node clicked in the tree). */
  | { readonly execId: string }
  /** The parent of the process of the event with this key (the `p` shortcut). */
  | { readonly parentOf: string };

export type ProcessResult =
  | { readonly found: false; readonly reason: string }
  | {
      readonly found: true;
      readonly execId: string;
      readonly tree: ProcessTree;
      /** The process's own events in time order (bounded). */
      readonly events: Bounded<ProcessEventItem>;
      /** The event that stands for the process: its exec if buffered, else its first one. */
      readonly eventKey: string | undefined;
    };

export type ExportFormat = "jsonl" | "csv";

/** A line of an opened log file that gave no event: its number and why (never its content). */
export interface LogProblem {
  readonly line: number;
  readonly reason: string;
}

/** The log file opened through "Open log…", as the ingest worker reads it (open-log.ts). */
export interface FileSourceState {
  /** The file's name as the user's system gave it (shown as text only). */
  readonly name: string;
  readonly phase: "reading" | "done" | "failed";
  /** Bytes of the file read so far (compressed bytes for a .gz), of `totalBytes`. */
  readonly bytesRead: number;
  readonly totalBytes: number;
  /** Events read into the buffer. */
  readonly events: number;
  /** The reader's one warning line (unknown fields and skipped kinds by name, counts); "". */
  readonly summary: string;
  /** The first lines that gave no event, by number. */
  readonly problems: readonly LogProblem[];
  /** Lines that gave no event in all (problems holds the first of them). */
  readonly problemCount: number;
  /** Why reading stopped early ("failed"), "" otherwise. */
  readonly error: string;
}

/**
 * The agent filter in force: ONE for the worker's stream, so the same in every tab (the last
 * one applied wins, from any tab) and sent to every tab when it changes.
 */
export interface AgentFilterState {
  readonly lists: AgentFilterLists;
  /** Its `af` URL value ("" for none), encoded by the worker (the page has no protobuf). */
  readonly param: string;
  /** Why the last request was refused and not applied ("" when it was applied). */
  readonly error: string;
  /** Counts changes, so a tab can tell a new state from a repeated one. */
  readonly version: number;
}

// ---- messages --------------------------------------------------------------------------

export type ToWorker =
  /** First message of every tab. */
  | {
      readonly type: "hello";
      readonly baseUrl: string;
      /** The buffer capacity this tab would like (used when the worker starts). */
      readonly capacity: number;
      readonly bench: boolean;
      /**
       * The `af` param of the tab's URL, when it has one: applied like Apply (a shared link
       * sets the agent filter); without it the tab adopts the filter in force.
       */
      readonly agentFilter?: string;
    }
  | { readonly type: "view"; readonly version: number; readonly spec: ViewSpec }
  | { readonly type: "viewport"; readonly viewport: Viewport }
  | { readonly type: "pause"; readonly paused: boolean }
  /** Hide everything received so far from this tab (other tabs keep their rows). */
  | { readonly type: "clear" }
  /** The buffer capacity for every tab. */
  | { readonly type: "capacity"; readonly capacity: number }
  /** The update is on screen: the worker may send the next one. */
  | { readonly type: "ack"; readonly update: number }
  | { readonly type: "retry" }
  | { readonly type: "detail"; readonly id: number; readonly key: string }
  /** The process tree around a process, computed over the buffer (process-answer.ts). */
  | { readonly type: "process"; readonly id: number; readonly target: ProcessTarget }
  /** The event `delta` rows away from `key` (or the first/last when `key` is undefined). */
  | {
      readonly type: "step";
      readonly id: number;
      readonly key: string | undefined;
      readonly delta: 1 | -1;
    }
  | {
      readonly type: "export";
      readonly id: number;
      readonly format: ExportFormat;
      readonly columns: readonly ColumnId[];
    }
  /** One agent's GetVersion / GetHealth / GetInfo / ListTracingPolicies, by its status address. */
  | {
      readonly type: "agentCall";
      readonly id: number;
      readonly agent: string;
      readonly call: AgentCall;
    }
  /** The caller lost interest (the dialog closed): abort the call; no answer follows. */
  | { readonly type: "agentCallCancel"; readonly id: number }
  /** The tab's counts strip opened (true) or closed (false): start or stop its `stats`. */
  | { readonly type: "stats"; readonly on: boolean }
  /** The last `stats` is on screen: the worker may send the next one. */
  | { readonly type: "statsAck" }
  /** Read a Tetragon JSON log (the user's File) into the buffer, marked as a file source. */
  | { readonly type: "open-log"; readonly id: number; readonly file: Blob; readonly name: string }
  /** Apply an agent filter for every tab (the worker validates it, then restarts its stream). */
  | { readonly type: "agentFilter"; readonly lists: AgentFilterLists }
  /** The tab is going away (pagehide): forget it. */
  | { readonly type: "bye" };

export type ToPage =
  | { readonly type: "update"; readonly update: ViewUpdate }
  | { readonly type: "state"; readonly state: ConnectionState }
  | { readonly type: "status"; readonly status: StatusSnapshot }
  | { readonly type: "agentFilter"; readonly state: AgentFilterState }
  | { readonly type: "detail"; readonly id: number; readonly result: DetailResult }
  | { readonly type: "process"; readonly id: number; readonly result: ProcessResult }
  | {
      readonly type: "step";
      readonly id: number;
      readonly found: { readonly key: string; readonly index: number } | null;
    }
  | { readonly type: "agentCall"; readonly id: number; readonly answer: AgentCallAnswer }
  | { readonly type: "stats"; readonly stats: StatsSnapshot }
  /** The opened log file's progress and outcome, to every tab (they share the buffer). */
  | { readonly type: "file"; readonly state: FileSourceState }
  /**
   * The tab's open-log request is over: `paused` when the worker paused this tab's view at
   * the file's end (so live events do not scroll it away); `error` when it was refused.
   */
  | {
      readonly type: "open-log";
      readonly id: number;
      readonly paused: boolean;
      readonly error: string;
    }
  /** One piece of an export; `done` on the last (an `error` ends it early). */
  | {
      readonly type: "export";
      readonly id: number;
      readonly chunk: string;
      readonly rows: number;
      readonly done: boolean;
      readonly error?: string;
    };

/** The SharedWorker's name: one worker (and so one stream and one buffer) per gateway URL. */
export function workerName(baseUrl: string): string {
  return `tetragon-ingest ${baseUrl}`;
}
