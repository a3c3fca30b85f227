/** Minimal EventRow values for store tests (the real ones come from toEventRow). */
import type { EventRow } from "../model/event-row";

export function fakeRow(seq: number, overrides: Partial<EventRow> = {}): EventRow {
  // The store reads only seq and whatever the test predicate reads; the cast keeps these
  // fakes valid while EventRow grows fields the store never looks at.
  return {
    seq,
    kind: "exec",
    timeMs: 1_700_000_000_000 + seq,
    time: "",
    node: "node-a",
    namespace: "default",
    pod: `pod-${seq % 3}`,
    container: "",
    workload: "",
    labels: [],
    binary: seq % 2 === 0 ? "/usr/bin/curl" : "/bin/sh",
    arguments: "",
    parentBinary: "",
    pid: seq,
    uid: 0,
    exitStatus: "",
    policy: "",
    functionName: "",
    summary: "",
    ...overrides,
  } as EventRow;
}
