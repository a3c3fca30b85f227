import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";

/**
 * The view model of one Tetragon event: the flat, display-ready fields the table, the
 * filters and the search read. Built once per event by `toEventRow` (to-event-row.ts), the
 * only place besides src/api that reads generated protobuf types. The full message stays
 * available as `raw` for the detail pane and "copy JSON"; nothing here mirrors the schema.
 *
 * Every string is attacker-controlled (arguments, pod names, labels...): render as text only.
 * Missing fields are "" (strings) or undefined (numbers), never a placeholder string.
 */

/** Every event case of GetEventsResponse, plus "unknown" for a case this build cannot name. */
export type EventKind =
  | "exec"
  | "exit"
  | "kprobe"
  | "tracepoint"
  | "uprobe"
  | "usdt"
  | "lsm"
  | "loader"
  | "throttle"
  | "rate_limit_info"
  | "test"
  | "unknown";

export interface EventRow {
  /** Arrival sequence number, unique for the page's lifetime: the table's row id. */
  readonly seq: number;
  readonly kind: EventKind;
  /** Event time in epoch milliseconds (NaN when the event carries none). */
  readonly timeMs: number;
  /** Event time as the agent sent it (RFC 3339, nanoseconds kept), "" when absent. */
  readonly time: string;
  readonly node: string;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  /** Workload name (e.g. the Deployment), "" when unknown. */
  readonly workload: string;
  /** Pod labels as "key=value". */
  readonly labels: readonly string[];
  readonly binary: string;
  readonly arguments: string;
  readonly parentBinary: string;
  readonly pid: number | undefined;
  readonly uid: number | undefined;
  /** For an exit: "0", "1", "SIGKILL" ...; "" for other kinds. */
  readonly exitStatus: string;
  /** Policy name for kprobe/tracepoint/uprobe/usdt/lsm events. */
  readonly policy: string;
  /** Hooked function, tracepoint "subsys/event", uprobe symbol, lsm hook. */
  readonly functionName: string;
  /** The one-line form `tetra getevents -o compact` prints, without the icon. */
  readonly summary: string;

  /**
   * Stable selection key for the URL (`sel`): derived from the event's content (kind, node,
   * time, exec_id, hook), so it survives a reload when the same event is shown again. Two
   * identical events share a key; the table's row id stays `seq`.
   */
  readonly key: string;
  /** The per-event icon tetra prints (📬 for an fd_install open, 🔌 for tcp_connect...). */
  readonly icon: string;
  /** The per-event label tetra prints after the icon ("open", "connect", "process"...). */
  readonly verb: string;
  /** Policy action for hook events ("POST", "SIGKILL", "OVERRIDE"...), "" otherwise. */
  readonly action: string;
  /** The hook's return value rendered as text ("" when the event carries none). */
  readonly returnValue: string;
  readonly parentArguments: string;
  /** Full container id as sent ("containerd://…", "docker://…"), "" when absent. */
  readonly containerId: string;
  /** Container image name ("quay.io/cilium/starwars:v1.0"), "" when absent. */
  readonly image: string;
  readonly cluster: string;
  readonly execId: string;
  /**
   * Lower-cased join of every field the table can show, built once here so the free-text
   * search is a plain `includes` per row (the hot path over 200k rows).
   */
  readonly searchText: string;
  /** The message as received: for the detail pane and "copy JSON" (via model/detail.ts). */
  readonly raw: GetEventsResponse;
}
