import { toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import type { ProcessNode, ProcessTree } from "../model/process-tree.js";
import { family } from "../testing/synthetic-tree.js";
import { processAnswer } from "./process-answer.js";
import { EventStore } from "./store/event-store.js";

const f = family();
const store = new EventStore({ capacity: 100 });
for (const e of f.events) store.append(toBinary(GetEventsResponseSchema, e));
/** The selection key of the i-th event of the family. */
const keyOf = (i: number) => store.rowView(i).key;

function binaries(tree: ProcessTree): string[] {
  const out: string[] = [];
  const walk = (nodes: ProcessTree["roots"]) => {
    for (const n of nodes) {
      if (n.type !== "process") continue;
      out.push(`${n.binary}${n.role === "selected" ? " *" : ""}`);
      walk(n.children);
    }
  };
  walk(tree.roots);
  return out;
}

describe("processAnswer", () => {
  it("builds the tree of an event's process and lists its events, from an exit too", () => {
    const exitOfCurl = f.events.findIndex(
      (e) => e.event.case === "processExit" && e.event.value.process?.execId === f.curl.execId,
    );
    const answer = processAnswer(store, { event: keyOf(exitOfCurl) });
    if (!answer.found) throw new Error(answer.reason);
    expect(answer.execId).toBe(f.curl.execId);
    expect(binaries(answer.tree)).toEqual([
      "/usr/bin/containerd-shim",
      "/bin/bash",
      "/usr/bin/curl *",
    ]);
    expect(answer.events.items.map((e) => e.kind)).toEqual(["exec", "kprobe", "kprobe", "exit"]);
    // The event that stands for the process is its exec (the 4th event sent).
    expect(answer.eventKey).toBe(keyOf(3));
    const curl = answer.tree.roots[0];
    const node = (curl as ProcessNode).children[0] as ProcessNode;
    expect(node.binary).toBe("/bin/bash");
    // Plain data only: it crosses postMessage unchanged.
    expect(structuredClone(answer)).toEqual(answer);
  });

  it("goes to the parent of an event's process, and to an exec_id clicked in the tree", () => {
    const ncKprobe = f.events.length - 1;
    const parent = processAnswer(store, { parentOf: keyOf(ncKprobe) });
    expect(parent.found && parent.execId).toBe(f.sh.execId);
    expect(parent.found && binaries(parent.tree)).toEqual([
      "/usr/bin/containerd-shim",
      "/bin/bash",
      "/bin/sh *",
      "/usr/bin/nc",
    ]);
    const bash = processAnswer(store, { execId: f.bash.execId });
    expect(bash.found && binaries(bash.tree)).toEqual([
      "/usr/bin/containerd-shim",
      "/bin/bash *",
      "/usr/bin/curl",
      "/usr/bin/cat",
      "/bin/sh",
      "/usr/bin/nc",
    ]);
    expect(bash.found && bash.eventKey).toBe(keyOf(1));
  });

  it("says why when there is no process to show", () => {
    expect(processAnswer(store, { event: "zzzz" })).toEqual({
      found: false,
      reason: "The event is no longer in the buffer.",
    });
    expect(processAnswer(store, { parentOf: keyOf(0) })).toEqual({
      found: false,
      reason: "The agent sent no parent for this process.",
    });
  });
});
