/**
 * ProcessLookups over an array of rows, indexed once: for tests, and for any caller that holds
 * its events in memory. The ingest worker implements the same interface over its own store.
 *
 * Index: per exec_id the best known ProcessInfo (from its exec event, else the first copy any
 * event carried as process, parent or ancestor), its exit, its own events in time order, and
 * its children: the exec_ids whose chosen ProcessInfo names it as parent. Children follow the
 * chosen info, not every claim, so events that disagree about a parent (the published
 * examples have an exit naming its own child as parent) cannot make a process two parents'
 * child or a cycle.
 */
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import type { RowView } from "../model/row.js";
import { eventProcesses, exitInfoOf } from "./process-info.js";
import type { ProcessExitInfo, ProcessInfo } from "./process-info.js";
import type { Bounded, ProcessLookups } from "../model/process-tree.js";

/** A buffered event: its table row and the whole message it came from. */
export interface DecodedEvent {
  readonly row: RowView;
  readonly raw: GetEventsResponse;
}

function byStart(info: ReadonlyMap<string, ProcessInfo>) {
  return (a: string, b: string): number => {
    const sa = info.get(a)?.startMs ?? Number.NaN;
    const sb = info.get(b)?.startMs ?? Number.NaN;
    // Unknown start times last, then exec_id for a stable order.
    if (Number.isNaN(sa) !== Number.isNaN(sb)) return Number.isNaN(sa) ? 1 : -1;
    return sa !== sb && !Number.isNaN(sa) ? sa - sb : a < b ? -1 : a > b ? 1 : 0;
  };
}

function bounded<T>(all: readonly T[] | undefined, limit: number): Bounded<T> {
  const items = all ?? [];
  return { items: items.slice(0, Math.max(0, limit)), total: items.length };
}

export function memoryProcessLookups(decoded: readonly DecodedEvent[]): ProcessLookups {
  const info = new Map<string, ProcessInfo>();
  const fromExec = new Set<string>();
  const exits = new Map<string, ProcessExitInfo>();
  const events = new Map<string, RowView[]>();

  const learn = (p: ProcessInfo, isExec: boolean) => {
    if (p.execId === "") return;
    if (isExec && !fromExec.has(p.execId)) {
      info.set(p.execId, p);
      fromExec.add(p.execId);
    } else if (!info.has(p.execId)) {
      info.set(p.execId, p);
    }
  };

  for (const { row, raw } of decoded) {
    const procs = eventProcesses(raw);
    if (procs === undefined) continue;
    learn(procs.process, row.kind === "exec");
    if (procs.parent !== undefined) learn(procs.parent, false);
    for (const a of procs.ancestors) learn(a, false);
    const exit = exitInfoOf(raw);
    if (exit !== undefined) exits.set(procs.process.execId, exit);
    const own = events.get(procs.process.execId);
    if (own === undefined) events.set(procs.process.execId, [row]);
    else own.push(row);
  }

  const children = new Map<string, string[]>();
  for (const [execId, p] of info) {
    if (p.parentExecId === "" || p.parentExecId === execId) continue;
    const list = children.get(p.parentExecId);
    if (list === undefined) children.set(p.parentExecId, [execId]);
    else list.push(execId);
  }
  const order = byStart(info);
  for (const list of children.values()) list.sort(order);
  for (const list of events.values()) list.sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq);

  return {
    process: (execId) => info.get(execId),
    exit: (execId) => exits.get(execId),
    children: (execId, limit) => bounded(children.get(execId), limit),
    events: (execId, limit) => bounded(events.get(execId), limit),
  };
}
