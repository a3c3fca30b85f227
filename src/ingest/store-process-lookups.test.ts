/**
 * The worker's process look-ups over its store agree with the in-memory reference
 * (memoryProcessLookups) on the 32 real events and on synthetic families: every look-up for
 * every exec_id the events name as their own process, and the whole tree built from each.
 */
import { create, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import { eventProcesses } from "../decode/process-info.js";
import { memoryProcessLookups } from "../decode/process-lookups-memory.js";
import { buildProcessTree, type ProcessLookups } from "../model/process-tree.js";
import { loadRealEvents, REAL_EVENTS_SKIP } from "../testing/real-events.js";
import {
  deepChain,
  execOf,
  exitOf,
  family,
  kprobeOf,
  proc,
  rowsOf,
  wideFamily,
} from "../testing/synthetic-tree.js";
import { EventStore } from "./store/event-store.js";
import { storeProcessLookups } from "./store-process-lookups.js";

function storeOf(events: readonly GetEventsResponse[], capacity = 10_000): EventStore {
  const store = new EventStore({ capacity });
  for (const e of events) store.append(toBinary(GetEventsResponseSchema, e));
  return store;
}

/** The exec_ids the events name as their own process, in arrival order. */
function ownExecIds(events: readonly GetEventsResponse[]): string[] {
  const ids = events.map((e) => eventProcesses(e)?.process.execId ?? "").filter((id) => id !== "");
  return [...new Set(ids)];
}

/** Only the fields both look-ups promise for an event (memory returns whole rows). */
function eventsOf(lookups: ProcessLookups, execId: string, limit: number) {
  const { items, total } = lookups.events(execId, limit);
  return { total, items: items.map((e) => [e.seq, e.kind, e.timeMs, e.summary]) };
}

function expectAgreement(events: readonly GetEventsResponse[], limit = 50): number {
  const memory = memoryProcessLookups(rowsOf(events));
  const stored = storeProcessLookups(storeOf(events));
  const ids = ownExecIds(events);
  for (const id of ids) {
    expect(stored.process(id), `process ${id}`).toEqual(memory.process(id));
    expect(stored.exit(id), `exit ${id}`).toEqual(memory.exit(id));
    expect(stored.children(id, limit), `children ${id}`).toEqual(memory.children(id, limit));
    expect(eventsOf(stored, id, limit), `events ${id}`).toEqual(eventsOf(memory, id, limit));
    const carried = events.map(eventProcesses).find((p) => p?.process.execId === id);
    expect(buildProcessTree(id, stored, carried), `tree ${id}`).toEqual(
      buildProcessTree(id, memory, carried),
    );
  }
  return ids.length;
}

describe("storeProcessLookups agrees with memoryProcessLookups", () => {
  const real = loadRealEvents();
  it.skipIf(real === undefined)("on the 32 real events", () => {
    if (real === undefined) {
      console.warn(REAL_EVENTS_SKIP);
      return;
    }
    expect(real).toHaveLength(32);
    // Every process of the file is checked (their count is the file's, not a guess).
    expect(expectAgreement(real.map((r) => r.res))).toBe(ownExecIds(real.map((r) => r.res)).length);
  });

  it("on a family with exits, kprobes and arrival out of start order", () => {
    expect(expectAgreement(family().events)).toBe(6);
  });

  it("on a family wider than the tree's width limit, with small limits", () => {
    const w = wideFamily(40);
    expect(expectAgreement(w.events, 5)).toBe(41);
    const tree = buildProcessTree(w.parent.execId, storeProcessLookups(storeOf(w.events)));
    const root = tree.roots[0];
    expect(root?.type === "process" && root.children.at(-1)).toEqual({
      type: "more",
      key: `more:${w.parent.execId}`,
      count: 28,
      what: "children",
    });
  });

  it("on a chain deeper than the ancestor limit", () => {
    const d = deepChain(30);
    expect(expectAgreement(d.events)).toBe(30);
    const leaf = d.chain.at(-1)!;
    const tree = buildProcessTree(leaf.execId, storeProcessLookups(storeOf(d.events)));
    expect(tree.roots[0]).toEqual({
      type: "more",
      key: "more:ancestors",
      count: 21,
      what: "ancestors",
    });
  });
});

describe("storeProcessLookups over what the buffer holds", () => {
  it("finds a parent known only as other events' parent, decoded from their bytes", () => {
    const f = family();
    // bash's own exec is not sent: only its children name it.
    const stored = storeProcessLookups(storeOf(f.events.slice(2)));
    expect(stored.process(f.bash.execId)).toMatchObject({
      execId: f.bash.execId,
      binary: "/bin/bash",
      pid: 200,
    });
    expect(stored.eventPos(f.bash.execId)).toBeUndefined();
  });

  it("forgets evicted events: their processes and exits are no longer found", () => {
    const f = family();
    const store = storeOf(f.events, 4);
    const stored = storeProcessLookups(store);
    // Kept: the 4 newest (cat's exit, sh's exec, nc's exec and kprobe).
    expect(stored.process(f.curl.execId)).toBeUndefined();
    expect(stored.exit(f.curl.execId)).toBeUndefined();
    expect(stored.exit(f.cat.execId)).toMatchObject({ status: "SIGKILL" });
    expect(stored.children(f.sh.execId, 10)).toEqual({ items: [f.nc.execId], total: 1 });
  });

  it("lists a process's events in time order and bounds them", () => {
    const p = proc("bG9vcA==", "", "/bin/busy", 9, 0);
    const events = [
      execOf(p),
      ...Array.from({ length: 30 }, (_, i) => kprobeOf(p, 300 - i * 10, "fd_install")),
      exitOf(p, 400),
    ];
    const stored = storeProcessLookups(storeOf(events));
    const listed = stored.events(p.execId, 10);
    expect(listed.total).toBe(32);
    expect(listed.items).toHaveLength(10);
    const times = listed.items.map((e) => e.timeMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(listed.items[0]?.kind).toBe("exec");
  });

  it("answers nothing for unknown or empty exec_ids and survives undecodable bytes", () => {
    const store = storeOf([create(GetEventsResponseSchema, {})]);
    store.append(new Uint8Array([0xff, 0xff, 0xff]));
    const stored = storeProcessLookups(store);
    for (const id of ["", "bm9ib2R5"]) {
      expect(stored.process(id)).toBeUndefined();
      expect(stored.exit(id)).toBeUndefined();
      expect(stored.children(id, 5)).toEqual({ items: [], total: 0 });
      expect(stored.events(id, 5)).toEqual({ items: [], total: 0 });
    }
  });
});
