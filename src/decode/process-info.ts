/**
 * What the process tree needs of a Process message, as plain data, and the process facts one
 * event carries (its process, parent and `ancestors[]`, and for an exit the exit itself).
 * Pure; the worker's store and the in-memory lookups both build these from events.
 */
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import type { Process } from "../gen/tetragon/tetragon_pb.js";
import { eventParts } from "./event-parts.js";
import { timestampMs } from "./event-time.js";

export interface ProcessInfo {
  readonly execId: string;
  /** "" when the agent did not send it (the root of what it knows). */
  readonly parentExecId: string;
  readonly binary: string;
  readonly arguments: string;
  readonly pid: number | undefined;
  /** process.start_time in epoch ms; NaN when absent. */
  readonly startMs: number;
}

export interface ProcessExitInfo {
  /** When the process exited: the exit event's time (epoch ms, NaN when absent). */
  readonly timeMs: number;
  /** The signal name when it was killed ("SIGKILL"), else the exit status ("0", "1"). */
  readonly status: string;
}

/** The process facts one event carries: enough for a tree even when the buffer has nothing. */
export interface EventProcesses {
  readonly process: ProcessInfo;
  readonly parent: ProcessInfo | undefined;
  /** Beyond the parent, nearest first, as the agent sends them with enable-ancestors. */
  readonly ancestors: readonly ProcessInfo[];
}

export function processInfoOf(p: Process): ProcessInfo {
  return {
    execId: p.execId,
    parentExecId: p.parentExecId,
    binary: p.binary,
    arguments: p.arguments,
    pid: p.pid,
    startMs: timestampMs(p.startTime),
  };
}

/** The processes an event names; undefined for events without a process (or its exec_id). */
export function eventProcesses(res: GetEventsResponse): EventProcesses | undefined {
  const parts = eventParts(res);
  if (parts.process === undefined || parts.process.execId === "") return undefined;
  return {
    process: processInfoOf(parts.process),
    parent: parts.parent === undefined ? undefined : processInfoOf(parts.parent),
    ancestors: parts.ancestors.map(processInfoOf),
  };
}

/** The exit an exit event reports; undefined for every other event. */
export function exitInfoOf(res: GetEventsResponse): ProcessExitInfo | undefined {
  if (res.event.case !== "processExit") return undefined;
  const v = res.event.value;
  return {
    timeMs: timestampMs(v.time ?? res.time),
    status: v.signal !== "" ? v.signal : String(v.status),
  };
}
