/**
 * ProcessLookups over the worker's store (src/model/process-tree.ts says what each look-up
 * means; src/decode/process-lookups-memory.ts is the reference it is tested against).
 *
 * Data flow: made per request, over the buffer as it is at that moment (the worker answers a
 * request synchronously, so nothing is appended meanwhile). The first look-up scans the
 * execId and parentExecId columns (interned string ids, no decoding) once and indexes, per
 * process seen as an event's own process: its exec event, its first event, its last exit and
 * the parent its chosen event names. Every later look-up is a map read; the one that lists a
 * process's own events scans that one id again. Full process info is decoded from the kept
 * bytes only for the processes the tree shows (memoised).
 *
 * A process known only as some held event's parent (its exec was before the buffer) is
 * decoded from that event's parent, to find it and to list it under its own parent (at most
 * PARENT_ONLY_DECODES of them per request). Differences from the in-memory reference, by
 * design (the columns hold the event's own process and parent exec_id only): a process known
 * only from `ancestors[]` is not found here (the tree takes those from the selected event
 * itself); a process's info comes from its exec, else its first own event, before any copy
 * as another's parent; children are ordered by the time of their exec event (the process's
 * start: Tetragon stamps both the same), else of their first event.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { GetEventsResponseSchema, type GetEventsResponse } from "../gen/tetragon/events_pb.js";
import { eventProcesses, exitInfoOf } from "../decode/process-info.js";
import type { ProcessExitInfo, ProcessInfo } from "../decode/process-info.js";
import { ALL_KINDS } from "../model/event-kind.js";
import type { Bounded, ProcessEventItem, ProcessLookups } from "../model/process-tree.js";
import { STRING_FIELD_INDEX } from "../model/row.js";
import type { EventStore } from "./store/event-store.js";
import { SEGMENT_SIZE, type Segment } from "./store/segments.js";

const EXEC = ALL_KINDS.indexOf("exec");
const EXIT = ALL_KINDS.indexOf("exit");
const EXEC_COL = STRING_FIELD_INDEX.execId * SEGMENT_SIZE;
const PARENT_COL = STRING_FIELD_INDEX.parentExecId * SEGMENT_SIZE;

interface Entry {
  /** The first exec event of this exec_id, -1 when none is held. */
  execPos: number;
  /** The first event whose own process it is. */
  readonly firstPos: number;
  /** The newest exit event, -1 when none is held. */
  exitPos: number;
}

interface Index {
  /** By exec_id string id: processes that are some held event's own process. */
  readonly own: Map<number, Entry>;
  /** By exec_id string id: the first event naming it as parent (for processes known so). */
  readonly asParent: Map<number, number>;
  /** By parent's string id: its children's string ids (each process under one parent). */
  readonly children: Map<number, number[]>;
}

/** Visits every held position in order, with its segment and slot. */
function scan(store: EventStore, visit: (seg: Segment, slot: number, pos: number) => void): void {
  for (let pos = store.start; pos < store.end;) {
    const seg = store.segment(pos);
    const stop = Math.min(store.end, (seg.index + 1) * SEGMENT_SIZE);
    for (; pos < stop; pos++) visit(seg, pos - seg.index * SEGMENT_SIZE, pos);
  }
}

/** Processes known only as a parent whose own parent is looked up, per request at most. */
export const PARENT_ONLY_DECODES = 4096;

function buildIndex(
  store: EventStore,
  decode: (pos: number) => GetEventsResponse | undefined,
): Index {
  const none = store.strings.idOf("");
  const own = new Map<number, Entry>();
  const asParent = new Map<number, number>();
  scan(store, (seg, i, pos) => {
    const exec = seg.strings[EXEC_COL + i] ?? 0;
    const parent = seg.strings[PARENT_COL + i] ?? 0;
    if (parent !== none && !asParent.has(parent)) asParent.set(parent, pos);
    if (exec === none) return;
    const kind = seg.kind[i];
    let e = own.get(exec);
    if (e === undefined) {
      e = { execPos: -1, firstPos: pos, exitPos: -1 };
      own.set(exec, e);
    }
    if (kind === EXEC && e.execPos < 0) e.execPos = pos;
    else if (kind === EXIT) e.exitPos = pos;
  });
  const children = new Map<number, number[]>();
  /** Sort key: the chosen event's time (an exec's time is its start) or a decoded start. */
  const start = new Map<number, number>();
  const link = (id: number, parent: number | undefined) => {
    if (parent === undefined || parent === none || parent === id) return;
    const list = children.get(parent);
    if (list === undefined) children.set(parent, [id]);
    else list.push(id);
  };
  for (const [id, e] of own) {
    const chosen = e.execPos >= 0 ? e.execPos : e.firstPos;
    const seg = store.segment(chosen);
    const slot = chosen - seg.index * SEGMENT_SIZE;
    start.set(id, seg.timeMs(slot));
    link(id, seg.strings[PARENT_COL + slot]);
  }
  // A parent whose own events are all gone (a shell started before the buffer) is still its
  // parent's child: its parent exec_id is only in the bytes of its children's events.
  let decodes = 0;
  for (const [id, pos] of asParent) {
    if (own.has(id) || decodes++ >= PARENT_ONLY_DECODES) continue;
    const res = decode(pos);
    const parent = res === undefined ? undefined : eventProcesses(res)?.parent;
    if (parent === undefined || parent.execId !== store.strings.value(id)) continue;
    start.set(id, parent.startMs);
    link(id, store.strings.idOf(parent.parentExecId));
  }
  const key = (id: number) => store.strings.value(id);
  for (const list of children.values()) {
    list.sort((a, b) => {
      const sa = start.get(a) ?? Number.NaN;
      const sb = start.get(b) ?? Number.NaN;
      if (Number.isNaN(sa) !== Number.isNaN(sb)) return Number.isNaN(sa) ? 1 : -1;
      if (sa !== sb && !Number.isNaN(sa)) return sa - sb;
      const ka = key(a);
      const kb = key(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }
  return { own, asParent, children };
}

function bounded<T>(all: readonly T[], limit: number): Bounded<T> {
  return { items: all.slice(0, Math.max(0, limit)), total: all.length };
}

export interface StoreProcessLookups extends ProcessLookups {
  /** The event that stands for a process: its exec if held, else its first held event. */
  eventPos(execId: string): number | undefined;
  /** A held event decoded in full (memoised); undefined when its bytes do not decode. */
  decoded(pos: number): GetEventsResponse | undefined;
}

export function storeProcessLookups(store: EventStore): StoreProcessLookups {
  const decoded = new Map<number, GetEventsResponse | null>();
  const decode = (pos: number): GetEventsResponse | undefined => {
    let res = decoded.get(pos);
    if (res === undefined) {
      try {
        res = fromBinary(GetEventsResponseSchema, store.bytes(pos));
      } catch {
        // A malformed event names no process: the node shows as "not in buffer".
        res = null;
      }
      decoded.set(pos, res);
    }
    return res ?? undefined;
  };
  let index: Index | undefined;
  const indexed = () => (index ??= buildIndex(store, decode));
  const infos = new Map<string, ProcessInfo | undefined>();

  const processOf = (execId: string): ProcessInfo | undefined => {
    const id = store.strings.idOf(execId);
    if (id === undefined || execId === "") return undefined;
    const { own, asParent } = indexed();
    const e = own.get(id);
    if (e !== undefined) {
      const res = decode(e.execPos >= 0 ? e.execPos : e.firstPos);
      const p = res === undefined ? undefined : eventProcesses(res)?.process;
      if (p?.execId === execId) return p;
    }
    const pos = asParent.get(id);
    const res = pos === undefined ? undefined : decode(pos);
    const parent = res === undefined ? undefined : eventProcesses(res)?.parent;
    return parent?.execId === execId ? parent : undefined;
  };

  return {
    eventPos(execId) {
      const id = store.strings.idOf(execId);
      const e = id === undefined || execId === "" ? undefined : indexed().own.get(id);
      return e === undefined ? undefined : e.execPos >= 0 ? e.execPos : e.firstPos;
    },
    decoded: decode,
    process(execId) {
      if (!infos.has(execId)) infos.set(execId, processOf(execId));
      return infos.get(execId);
    },
    exit(execId): ProcessExitInfo | undefined {
      const id = store.strings.idOf(execId);
      const pos = id === undefined ? undefined : indexed().own.get(id)?.exitPos;
      const res = pos === undefined || pos < 0 ? undefined : decode(pos);
      return res === undefined ? undefined : exitInfoOf(res);
    },
    children(execId, limit) {
      const id = store.strings.idOf(execId);
      const ids = id === undefined ? [] : (indexed().children.get(id) ?? []);
      const shown = bounded(ids, limit);
      return { items: shown.items.map((c) => store.strings.value(c)), total: shown.total };
    },
    events(execId, limit) {
      const id = store.strings.idOf(execId);
      if (id === undefined || execId === "") return { items: [], total: 0 };
      const found: { pos: number; timeMs: number }[] = [];
      scan(store, (seg, i, pos) => {
        if (seg.strings[EXEC_COL + i] === id) found.push({ pos, timeMs: seg.timeMs(i) });
      });
      found.sort((a, b) => a.timeMs - b.timeMs || a.pos - b.pos);
      const shown = bounded(found, limit);
      return { items: shown.items.map((f) => eventItem(store, f.pos)), total: shown.total };
    },
  };
}

/** What the list beside the tree shows of one event: plain data, nothing more. */
function eventItem(store: EventStore, pos: number): ProcessEventItem {
  const r = store.rowView(pos);
  return {
    seq: r.seq,
    key: r.key,
    kind: r.kind,
    timeMs: r.timeMs,
    time: r.time,
    icon: r.icon,
    verb: r.verb,
    summary: r.summary,
    policy: r.policy,
    functionName: r.functionName,
  };
}
