/**
 * The answer to a tab's `process` request: the tree around a process and its own events,
 * built over the worker's store (store-process-lookups.ts) and sent as plain data.
 *
 * The target names a process three ways (the event's own process, an exec_id clicked in the
 * tree, the parent of an event's process). What the chosen event carries (parent,
 * `ancestors[]`) is passed to buildProcessTree, so ancestors show even when the buffer holds
 * none of their events. Bounded: the tree by its limits, the event list by EVENTS_SHOWN.
 */
import { eventProcesses, type EventProcesses } from "../decode/process-info.js";
import { buildProcessTree } from "../model/process-tree.js";
import type { ProcessResult, ProcessTarget } from "../protocol/protocol.js";
import type { EventStore } from "./store/event-store.js";
import { storeProcessLookups, type StoreProcessLookups } from "./store-process-lookups.js";

/** A process's own events listed beside its tree; the rest are counted ("N more"). */
export const EVENTS_SHOWN = 500;

/** What one held event says of its process, parent and ancestors. */
function carriedBy(lookups: StoreProcessLookups, pos: number): EventProcesses | undefined {
  const res = lookups.decoded(pos);
  return res === undefined ? undefined : eventProcesses(res);
}

/** The same facts seen from the parent: the parent is the process, ancestors[0] its parent. */
function parentView(carried: EventProcesses): EventProcesses | undefined {
  const { parent, ancestors } = carried;
  if (parent === undefined || parent.execId === "") return undefined;
  const [grandparent, ...rest] = ancestors;
  return { process: parent, parent: grandparent, ancestors: rest };
}

function resolve(
  store: EventStore,
  lookups: StoreProcessLookups,
  target: ProcessTarget,
): { execId: string; carried: EventProcesses | undefined } | string {
  if ("execId" in target) {
    const pos = lookups.eventPos(target.execId);
    return {
      execId: target.execId,
      carried: pos === undefined ? undefined : carriedBy(lookups, pos),
    };
  }
  const key = "event" in target ? target.event : target.parentOf;
  const pos = store.findByKey(key);
  if (pos === undefined) return "The event is no longer in the buffer.";
  const carried = carriedBy(lookups, pos);
  if (carried === undefined) return "This event names no process.";
  if ("event" in target) return { execId: carried.process.execId, carried };
  const parentExecId = carried.process.parentExecId;
  if (parentExecId === "") return "The agent sent no parent for this process.";
  const fromParent = parentView(carried);
  return {
    execId: parentExecId,
    carried: fromParent?.process.execId === parentExecId ? fromParent : undefined,
  };
}

export function processAnswer(store: EventStore, target: ProcessTarget): ProcessResult {
  const lookups = storeProcessLookups(store);
  const found = resolve(store, lookups, target);
  if (typeof found === "string") return { found: false, reason: found };
  const { execId, carried } = found;
  const eventPos = lookups.eventPos(execId);
  return {
    found: true,
    execId,
    tree: buildProcessTree(execId, lookups, carried),
    events: lookups.events(execId, EVENTS_SHOWN),
    eventKey: eventPos === undefined ? undefined : store.rowView(eventPos).key,
  };
}
