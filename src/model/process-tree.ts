/**
 * The process tree around one selected process: its ancestors, itself, its children (and
 * their children, down to a depth limit), bounded in width with "N more" nodes. Pure: all it
 * knows of the buffer comes through `ProcessLookups`, which the ingest worker implements over
 * its store and `memoryProcessLookups` over an array of rows.
 *
 * Ancestors come from what the selected event carries (parent and `ancestors[]`, sent by
 * agents with enable-ancestors) and, past that, from walking parent exec_ids through the
 * lookups. The walk stops at an exec_id nobody knows (shown as a node "not in buffer"), at
 * an empty parent exec_id, or at a cycle (a malformed or hostile stream must not hang it).
 */
import type { RowView } from "./row.js";
import type { EventProcesses, ProcessExitInfo, ProcessInfo } from "../decode/process-info.js";

/** A list cut at a limit, with how many there were in all. */
export interface Bounded<T> {
  readonly items: readonly T[];
  readonly total: number;
}

/** One of a process's own events, as the list beside the tree shows it. */
export type ProcessEventItem = Pick<
  RowView,
  | "seq"
  | "key"
  | "kind"
  | "timeMs"
  | "time"
  | "icon"
  | "verb"
  | "summary"
  | "policy"
  | "functionName"
>;

/** Look-ups over the buffered events; each answer reflects the buffer at call time. */
export interface ProcessLookups {
  /** What the buffer knows of this exec_id (its exec event first, else any event's copy). */
  process(execId: string): ProcessInfo | undefined;
  /** Its exit event, if buffered. */
  exit(execId: string): ProcessExitInfo | undefined;
  /** exec_ids whose parent is `execId`, oldest start first, at most `limit` of them. */
  children(execId: string, limit: number): Bounded<string>;
  /** The process's own events (exec, hooks, exit) in time order, at most `limit`. */
  events(execId: string, limit: number): Bounded<ProcessEventItem>;
}

export interface TreeLimits {
  /** Ancestors shown above the process; farther ones fold into "N more ancestors". */
  readonly ancestors: number;
  /** Generations shown below the process (1 = children only). */
  readonly childDepth: number;
  /** Children shown per process; the rest fold into "N more". */
  readonly width: number;
}

export const DEFAULT_TREE_LIMITS: TreeLimits = { ancestors: 8, childDepth: 2, width: 12 };

/** Walking a parent chain longer than this means a malformed stream; stop there. */
const MAX_WALK = 10_000;

export interface ProcessNode {
  readonly type: "process";
  readonly execId: string;
  readonly role: "ancestor" | "selected" | "descendant";
  /** False when only the exec_id is known (a parent whose events are not in the buffer). */
  readonly known: boolean;
  readonly binary: string;
  readonly arguments: string;
  readonly pid: number | undefined;
  readonly startMs: number;
  /** undefined: no exit seen, the process is running as far as the buffer knows. */
  readonly exit: ProcessExitInfo | undefined;
  /** Exit time minus start time, when both are known and in order. */
  readonly lifetimeMs: number | undefined;
  readonly children: readonly TreeNode[];
}

export interface MoreNode {
  readonly type: "more";
  /** Unique in the tree: where the fold is ("ancestors", or the parent's exec_id). */
  readonly key: string;
  readonly count: number;
  readonly what: "ancestors" | "children";
}

export type TreeNode = ProcessNode | MoreNode;

export interface ProcessTree {
  readonly selectedExecId: string;
  /** Top level: at most a "more ancestors" node, then the oldest shown process. */
  readonly roots: readonly TreeNode[];
  /** "event": the agent sent ancestors[]; "buffer": they were found by exec_id only. */
  readonly ancestorSource: "event" | "buffer";
}

function node(
  execId: string,
  info: ProcessInfo | undefined,
  role: ProcessNode["role"],
  exit: ProcessExitInfo | undefined,
  children: readonly TreeNode[],
): ProcessNode {
  const start = info?.startMs ?? Number.NaN;
  const life = exit === undefined ? Number.NaN : exit.timeMs - start;
  return {
    type: "process",
    execId,
    role,
    known: info !== undefined,
    binary: info?.binary ?? "",
    arguments: info?.arguments ?? "",
    pid: info?.pid,
    startMs: start,
    exit,
    lifetimeMs: Number.isFinite(life) && life >= 0 ? life : undefined,
    children,
  };
}

/** Ancestors nearest first: exec_id and what is known of each (undefined: not buffered). */
function walkAncestors(
  from: ProcessInfo,
  carried: ReadonlyMap<string, ProcessInfo>,
  lookups: ProcessLookups,
  seen: Set<string>,
): { execId: string; info: ProcessInfo | undefined }[] {
  const chain: { execId: string; info: ProcessInfo | undefined }[] = [];
  let next = from.parentExecId;
  while (next !== "" && !seen.has(next) && chain.length < MAX_WALK) {
    seen.add(next);
    const info = carried.get(next) ?? lookups.process(next);
    chain.push({ execId: next, info });
    if (info === undefined) break;
    next = info.parentExecId;
  }
  return chain;
}

/** The children of `execId`, which are generation `generation` below the selected process. */
function descendants(
  execId: string,
  generation: number,
  limits: TreeLimits,
  lookups: ProcessLookups,
  seen: Set<string>,
): TreeNode[] {
  // Past the depth limit only count them: the "N more" node says there is more below.
  const limit = generation > limits.childDepth ? 0 : limits.width;
  const kids = lookups.children(execId, limit);
  const out: TreeNode[] = [];
  let repeated = 0;
  for (const child of kids.items.slice(0, limit)) {
    // Already in the tree (a cycle in a malformed stream): neither shown again nor "more".
    if (seen.has(child)) {
      repeated++;
      continue;
    }
    seen.add(child);
    const below = descendants(child, generation + 1, limits, lookups, seen);
    out.push(node(child, lookups.process(child), "descendant", lookups.exit(child), below));
  }
  const folded = kids.total - out.length - repeated;
  if (folded > 0)
    out.push({ type: "more", key: `more:${execId}`, count: folded, what: "children" });
  return out;
}

/**
 * The tree around `execId`. `carried` is what the selected event itself says (its process,
 * parent and ancestors), so a tree shows even when the buffer holds nothing else.
 */
export function buildProcessTree(
  execId: string,
  lookups: ProcessLookups,
  carried?: EventProcesses,
  limits: TreeLimits = DEFAULT_TREE_LIMITS,
): ProcessTree {
  const fromEvent = new Map<string, ProcessInfo>();
  for (const p of [carried?.parent, ...(carried?.ancestors ?? [])]) {
    if (p !== undefined && p.execId !== "") fromEvent.set(p.execId, p);
  }
  const ownCopy = carried?.process.execId === execId ? carried.process : undefined;
  const self = lookups.process(execId) ?? ownCopy;
  const seen = new Set([execId]);
  const chain = self === undefined ? [] : walkAncestors(self, fromEvent, lookups, seen);

  let tree: TreeNode = node(
    execId,
    self,
    "selected",
    lookups.exit(execId),
    descendants(execId, 1, limits, lookups, seen),
  );
  const shown = chain.slice(0, Math.max(0, limits.ancestors));
  for (const a of shown) {
    tree = node(a.execId, a.info, "ancestor", lookups.exit(a.execId), [tree]);
  }
  const hidden = chain.length - shown.length;
  const roots: TreeNode[] =
    hidden > 0
      ? [{ type: "more", key: "more:ancestors", count: hidden, what: "ancestors" }, tree]
      : [tree];
  return {
    selectedExecId: execId,
    roots,
    ancestorSource: (carried?.ancestors.length ?? 0) > 0 ? "event" : "buffer",
  };
}
