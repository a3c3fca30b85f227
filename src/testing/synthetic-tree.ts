/**
 * Synthetic process families for the process-tree tests: exec, kprobe and exit events whose
 * exec_ids link up, built with `create()`. `family()` is a small fixed tree; `wideFamily()`
 * and `deepChain()` exceed the tree's width and depth limits by construction.
 */
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import type { DecodedEvent } from "../decode/process-lookups-memory.js";
import { toRowView } from "../decode/to-row.js";
import { T0_MS } from "./synthetic-events.js";

export interface Proc {
  readonly execId: string;
  readonly parent: string;
  readonly binary: string;
  readonly args: string;
  readonly pid: number;
  /** Start, ms after T0_MS. */
  readonly start: number;
}

export const proc = (
  execId: string,
  parent: string,
  binary: string,
  pid: number,
  start: number,
  args = "",
): Proc => ({ execId, parent, binary, args, pid, start });

function processInit(p: Proc) {
  return {
    execId: p.execId,
    parentExecId: p.parent,
    binary: p.binary,
    arguments: p.args,
    pid: p.pid,
    startTime: timestampFromMs(T0_MS + p.start),
  };
}

export function execOf(p: Proc, parent?: Proc, ancestors: readonly Proc[] = []): GetEventsResponse {
  return create(GetEventsResponseSchema, {
    nodeName: "kind-worker",
    time: timestampFromMs(T0_MS + p.start),
    event: {
      case: "processExec",
      value: {
        process: processInit(p),
        ...(parent ? { parent: processInit(parent) } : {}),
        ancestors: ancestors.map(processInit),
      },
    },
  });
}

export function exitOf(p: Proc, after: number, how: { status?: number; signal?: string } = {}) {
  return create(GetEventsResponseSchema, {
    nodeName: "kind-worker",
    time: timestampFromMs(T0_MS + p.start + after),
    event: {
      case: "processExit",
      value: {
        process: processInit(p),
        status: how.status ?? 0,
        signal: how.signal ?? "",
        time: timestampFromMs(T0_MS + p.start + after),
      },
    },
  });
}

export function kprobeOf(p: Proc, after: number, functionName: string, parent?: Proc) {
  return create(GetEventsResponseSchema, {
    nodeName: "kind-worker",
    time: timestampFromMs(T0_MS + p.start + after),
    event: {
      case: "processKprobe",
      value: {
        process: processInit(p),
        ...(parent ? { parent: processInit(parent) } : {}),
        functionName,
        policyName: "observe-files",
      },
    },
  });
}

export const rowsOf = (events: readonly GetEventsResponse[]): DecodedEvent[] =>
  events.map((raw, i) => ({ row: toRowView(raw, i + 1), raw }));

/** containerd-shim -> bash -> { curl (exited 0), cat (killed), sh -> nc (running) }. */
export function family() {
  const shim = proc("c2hpbQ==", "", "/usr/bin/containerd-shim", 100, 0);
  const bash = proc("YmFzaA==", shim.execId, "/bin/bash", 200, 1_000, "-l");
  const curl = proc("Y3VybA==", bash.execId, "/usr/bin/curl", 301, 2_000, "https://ebpf.io");
  const cat = proc("Y2F0", bash.execId, "/usr/bin/cat", 302, 3_000, "/etc/shadow");
  const sh = proc("c2g=", bash.execId, "/bin/sh", 303, 4_000, "-c 'nc -l 4444'");
  const nc = proc("bmM=", sh.execId, "/usr/bin/nc", 304, 4_500, "-l 4444");
  // Arrival order is not start order: cat's exec arrives before curl's.
  const events = [
    execOf(shim),
    execOf(bash, shim),
    execOf(cat, bash),
    execOf(curl, bash),
    kprobeOf(curl, 50, "tcp_connect", bash),
    kprobeOf(curl, 20, "fd_install", bash),
    exitOf(curl, 1_250),
    kprobeOf(cat, 10, "fd_install", bash),
    exitOf(cat, 500, { signal: "SIGKILL" }),
    execOf(sh, bash),
    execOf(nc, sh),
    kprobeOf(nc, 100, "inet_csk_listen_start", sh),
  ];
  return { shim, bash, curl, cat, sh, nc, events, rows: rowsOf(events) };
}

/** One parent with `n` children, started 10 ms apart. */
export function wideFamily(n: number) {
  const parent = proc("cGFyZW50", "", "/usr/bin/make", 10, 0);
  const kids = Array.from({ length: n }, (_, i) =>
    proc(`a2lk${i}`, parent.execId, "/usr/bin/cc", 100 + i, 10 * (i + 1), `-c f${i}.c`),
  );
  const events = [execOf(parent), ...kids.map((k) => execOf(k, parent))];
  return { parent, kids, events, rows: rowsOf(events) };
}

/** A chain of `n` processes, each the parent of the next; the last is the leaf. */
export function deepChain(n: number) {
  const chain = Array.from({ length: n }, (_, i) =>
    proc(`bGluaw${i}`, i === 0 ? "" : `bGluaw${i - 1}`, `/bin/sh${i}`, 1000 + i, i * 100),
  );
  const events = chain.map((p, i) => execOf(p, i > 0 ? chain[i - 1] : undefined));
  return { chain, events, rows: rowsOf(events) };
}
