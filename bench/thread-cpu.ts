/**
 * CPU time of one thread of the browser, read from Linux's /proc: the ingest worker's thread
 * ("SharedWorker thread", in a renderer process the bench's own Chromium started). Unlike a
 * sampling profile's busy time, it does not count the time the thread sat preempted on a
 * loaded machine, so it is the fairer figure when other processes compete for the cores.
 * Resolution: one clock tick (10 ms with the usual CLK_TCK of 100). Elsewhere than Linux
 * `findThread` returns undefined and callers fall back to the profile.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface ThreadRef {
  readonly pid: number;
  readonly tid: number;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  return ticksPerSecond;
}

/** Fields of /proc/…/stat after the command (which may hold spaces), 0-based from `state`. */
function statFields(path: string): string[] | undefined {
  try {
    const text = readFileSync(path, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** Every process descended from `root` (the bench itself: Chromium is its child). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const ppid = Number(statFields(`/proc/${name}/stat`)?.[1]);
    if (!Number.isInteger(ppid)) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const out: number[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/** The one thread named `prefix…` among this process's descendants; undefined if not one. */
export function findThread(prefix: string, root = process.pid): ThreadRef | undefined {
  if (process.platform !== "linux") return undefined;
  const found: ThreadRef[] = [];
  for (const pid of descendants(root)) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${String(pid)}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const comm = readFileSync(`/proc/${String(pid)}/task/${tid}/comm`, "utf8");
        if (comm.startsWith(prefix)) found.push({ pid, tid: Number(tid) });
      } catch {
        // The thread ended meanwhile.
      }
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/** User + system CPU time the thread has used so far, in ms (NaN once it is gone). */
export function threadCpuMs(t: ThreadRef): number {
  const f = statFields(`/proc/${String(t.pid)}/task/${String(t.tid)}/stat`);
  if (f === undefined) return Number.NaN;
  // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 counted from `state`.
  return ((Number(f[11]) + Number(f[12])) * 1000) / clockTicks();
}
