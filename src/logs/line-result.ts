/* What one line of a Tetragon JSON log is, once read (see tetragon-json.ts). */
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";

export type LineResult<Event = GetEventsResponse> =
  /**
   * `message`: the event, decoded (GetEventsResponse) or encoded (its bytes), as the reader
   * was asked. unknownFields: dotted JSON paths, e.g. "process_exec.process.new_field".
   */
  | { kind: "event"; message: Event; unknownFields: readonly string[] }
  /** An event of a kind today's API lacks, e.g. the older "process_connect". */
  | { kind: "skipped"; eventKind: string; reason: string }
  /** Names the field or the JSON problem; never echoes the line's content. */
  | { kind: "error"; reason: string }
  | { kind: "blank" };

/** Event kinds older Tetragon agents wrote and today's API removed (field numbers 2-4). */
export const OLDER_EVENT_KINDS: ReadonlySet<string> = new Set([
  "process_connect",
  "process_close",
  "process_listen",
]);
