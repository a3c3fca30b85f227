import { describe, expect, it } from "vitest";
import {
  deepChain,
  execOf,
  family,
  kprobeOf,
  proc,
  rowsOf,
  wideFamily,
} from "../testing/synthetic-tree.js";
import { toRowView } from "../decode/to-row.js";
import { loadRealEvents, REAL_EVENTS_SKIP } from "../testing/real-events.js";
import { eventProcesses } from "../decode/process-info.js";
import { memoryProcessLookups } from "../decode/process-lookups-memory.js";
import type { MoreNode, ProcessNode, ProcessTree, TreeNode } from "./process-tree.js";
import { buildProcessTree } from "./process-tree.js";

/** The tree as indented lines: "binary [role]" or "… N more what", two spaces per level. */
function outline(tree: ProcessTree): string[] {
  const lines: string[] = [];
  const walk = (nodes: readonly TreeNode[], depth: number) => {
    for (const n of nodes) {
      const pad = "  ".repeat(depth);
      if (n.type === "more") {
        lines.push(`${pad}… ${n.count} more ${n.what}`);
      } else {
        lines.push(`${pad}${n.known ? n.binary : `? ${n.execId}`} [${n.role}]`);
        walk(n.children, depth + 1);
      }
    }
  };
  walk(tree.roots, 0);
  return lines;
}

function find(tree: ProcessTree, execId: string): ProcessNode | undefined {
  const stack = [...tree.roots];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (n.type === "process") {
      if (n.execId === execId) return n;
      stack.push(...n.children);
    }
  }
  return undefined;
}

describe("buildProcessTree on a synthetic family", () => {
  const f = family();
  const lookups = memoryProcessLookups(f.rows);

  it("shows the ancestors above the process, walking parent exec_ids through the buffer", () => {
    const tree = buildProcessTree(f.curl.execId, lookups);
    expect(outline(tree)).toEqual([
      "/usr/bin/containerd-shim [ancestor]",
      "  /bin/bash [ancestor]",
      "    /usr/bin/curl [selected]",
    ]);
    expect(tree.ancestorSource).toBe("buffer");
    expect(tree.selectedExecId).toBe(f.curl.execId);
  });

  it("lists children in start order (not arrival order) and grandchildren below them", () => {
    expect(outline(buildProcessTree(f.bash.execId, lookups))).toEqual([
      "/usr/bin/containerd-shim [ancestor]",
      "  /bin/bash [selected]",
      "    /usr/bin/curl [descendant]",
      "    /usr/bin/cat [descendant]",
      "    /bin/sh [descendant]",
      "      /usr/bin/nc [descendant]",
    ]);
  });

  it("gives each node its pid, arguments, start, exit status or running, and lifetime", () => {
    const tree = buildProcessTree(f.bash.execId, lookups);
    const curl = find(tree, f.curl.execId);
    expect(curl).toMatchObject({ pid: 301, arguments: "https://ebpf.io", known: true });
    expect(curl?.exit?.status).toBe("0");
    expect(curl?.lifetimeMs).toBe(1_250);
    expect(find(tree, f.cat.execId)?.exit?.status).toBe("SIGKILL");
    const nc = find(tree, f.nc.execId);
    expect(nc?.exit).toBeUndefined();
    expect(nc?.lifetimeMs).toBeUndefined();
    expect(nc?.startMs).toBe(find(tree, f.sh.execId)!.startMs + 500);
  });

  it("folds generations past the depth limit into an 'N more' node", () => {
    const tree = buildProcessTree(f.bash.execId, lookups, undefined, {
      ancestors: 8,
      childDepth: 1,
      width: 12,
    });
    expect(outline(tree).slice(-2)).toEqual([
      "    /bin/sh [descendant]",
      "      … 1 more children",
    ]);
  });

  it("lists the process's own events in time order", () => {
    const events = lookups.events(f.curl.execId, 100);
    expect(events.total).toBe(4);
    expect(events.items.map((e) => `${e.kind}:${e.functionName}`)).toEqual([
      "exec:",
      "kprobe:fd_install",
      "kprobe:tcp_connect",
      "exit:",
    ]);
    expect(lookups.events(f.curl.execId, 2)).toMatchObject({ total: 4, items: { length: 2 } });
  });
});

describe("buildProcessTree limits", () => {
  it("shows `width` children and folds the rest into 'N more children'", () => {
    const w = wideFamily(30);
    const tree = buildProcessTree(w.parent.execId, memoryProcessLookups(w.rows));
    const root = tree.roots[0] as ProcessNode;
    expect(root.children).toHaveLength(13);
    expect((root.children[0] as ProcessNode).execId).toBe(w.kids[0]!.execId);
    expect(root.children[12]).toEqual<MoreNode>({
      type: "more",
      key: `more:${w.parent.execId}`,
      count: 18,
      what: "children",
    });
  });

  it("shows the nearest `ancestors` and counts the farther ones", () => {
    const d = deepChain(20);
    const leaf = d.chain[19]!;
    const tree = buildProcessTree(leaf.execId, memoryProcessLookups(d.rows));
    const lines = outline(tree);
    expect(lines[0]).toBe("… 11 more ancestors");
    expect(lines[1]).toBe("/bin/sh11 [ancestor]");
    expect(lines.at(-1)).toBe("                /bin/sh19 [selected]");
    expect(lines).toHaveLength(10);
  });
});

describe("buildProcessTree with little in the buffer", () => {
  const shell = proc("c2hlbGw=", "aW5pdA==", "/bin/bash", 50, 0);
  const tool = proc("dG9vbA==", shell.execId, "/usr/bin/tool", 60, 10);

  it("marks a parent that is not in the buffer as unknown, by exec_id", () => {
    const tree = buildProcessTree(tool.execId, memoryProcessLookups(rowsOf([execOf(tool)])));
    expect(outline(tree)).toEqual(["? c2hlbGw= [ancestor]", "  /usr/bin/tool [selected]"]);
  });

  it("uses the parent the selected event carries when the buffer lacks its exec", () => {
    const event = kprobeOf(tool, 5, "fd_install", shell);
    const tree = buildProcessTree(tool.execId, memoryProcessLookups([]), eventProcesses(event));
    expect(outline(tree)).toEqual([
      "? aW5pdA== [ancestor]",
      "  /bin/bash [ancestor]",
      "    /usr/bin/tool [selected]",
    ]);
  });

  it("builds the chain from the event's ancestors[] (enable-ancestors) with an empty buffer", () => {
    const init = proc("aW5pdA==", "", "/sbin/init", 1, -1000);
    const tree = buildProcessTree(
      tool.execId,
      memoryProcessLookups([]),
      eventProcesses(execOf(tool, shell, [init])),
    );
    expect(outline(tree)).toEqual([
      "/sbin/init [ancestor]",
      "  /bin/bash [ancestor]",
      "    /usr/bin/tool [selected]",
    ]);
    expect(tree.ancestorSource).toBe("event");
  });

  it("prefers the process's own exec over a copy another event carried first", () => {
    const stale = { ...shell, args: "copied before the exec arrived" };
    const lookups = memoryProcessLookups(
      rowsOf([kprobeOf(tool, 5, "fd_install", stale), execOf(shell), execOf(tool, stale)]),
    );
    expect(lookups.process(shell.execId)?.arguments).toBe("");
    expect(lookups.children(shell.execId, 5)).toEqual({ items: [tool.execId], total: 1 });
  });

  it("shows a lone unknown node for an exec_id nothing knows", () => {
    const tree = buildProcessTree("bm9ib2R5", memoryProcessLookups([]));
    expect(outline(tree)).toEqual(["? bm9ib2R5 [selected]"]);
  });

  it("stops at a parent cycle in a hostile stream, each process shown once", () => {
    const a = proc("YQ==", "Yg==", "/a", 1, 0);
    const b = proc("Yg==", "YQ==", "/b", 2, 1);
    const tree = buildProcessTree(a.execId, memoryProcessLookups(rowsOf([execOf(a), execOf(b)])));
    expect(outline(tree)).toEqual(["/b [ancestor]", "  /a [selected]"]);
  });
});

const real = loadRealEvents() ?? [];
describe.skipIf(real.length === 0)(
  `buildProcessTree on the 32 real events ${real.length ? "" : REAL_EVENTS_SKIP}`,
  () => {
    const rows = real.map((e, i) => ({ row: toRowView(e.res, i + 1), raw: e.res }));
    const lookups = memoryProcessLookups(rows);
    const SH = "bWluaWt1YmU6MzM0OTc2MDUxNjExMTozODMxMg=="; // /usr/bin/sh, pid 38312
    const CAT = "bWluaWt1YmU6MzM0OTc2NjQ2MjgyMjozODMxMw=="; // /usr/bin/cat, pid 38313

    it("finds sh's children cat and nc, each exited, with their lifetimes", () => {
      const tree = buildProcessTree(SH, lookups);
      // bash is known only as the `parent` copy sh's events carry; its own parent is not.
      expect(outline(tree)).toEqual([
        "? bWluaWt1YmU6MTkyNTAxNjMyMDUwOToyNDE5OQ== [ancestor]",
        "  /bin/bash [ancestor]",
        "    /usr/bin/sh [selected]",
        "      /usr/bin/cat [descendant]",
        "      /usr/bin/nc [descendant]",
      ]);
      expect(find(tree, CAT)).toMatchObject({ pid: 38313, lifetimeMs: 1 });
      expect(find(tree, SH)?.lifetimeMs).toBe(1_322);
    });

    it("lists cat's exec, its kprobe and its exit in time order", () => {
      const events = lookups.events(CAT, 10);
      expect(events.items.map((e) => e.kind)).toEqual(["exec", "kprobe", "exit"]);
    });

    it("walks six generations above a cat started from an nsenter shell", () => {
      const selected = rows.find((r) => r.row.kind === "exec" && r.row.pid === 24767)!;
      // Execs and the parent copies other events carry link up to containerd.
      expect(outline(buildProcessTree(selected.row.execId, lookups))).toEqual([
        "? bWluaWt1YmU6MzcyNjAwMDAwMDA6MjY2OA== [ancestor]",
        "  /usr/bin/containerd [ancestor]",
        "    /usr/bin/containerd-shim [ancestor]",
        "      /usr/bin/runc [ancestor]",
        "        /bin/bash [ancestor]",
        "          /usr/bin/nsenter [ancestor]",
        "            /usr/bin/bash [ancestor]",
        "              /usr/bin/cat [selected]",
      ]);
    });

    it("shows every process once although the examples' exits disagree about parents", () => {
      // The scp/sh exits name each other as parent; the execs say otherwise.
      const sh = rows.find((r) => r.row.kind === "exec" && r.row.pid === 53766)!;
      const tree = buildProcessTree(sh.row.execId, lookups);
      expect(outline(tree)).toEqual([
        "? bWluaWt1YmU6MzcyNjAwMDAwMDA6MjY2OA== [ancestor]",
        "  /usr/bin/containerd [ancestor]",
        "    /usr/bin/containerd-shim [ancestor]",
        "      /usr/local/go/bin/go [ancestor]",
        "        /tmp/go-build3518135900/b001/exe/main [ancestor]",
        "          /bin/sh [selected]",
        "            /usr/bin/scp [descendant]",
      ]);
    });

    it("builds a tree for every event with a process, each exec_id at most once", () => {
      for (const row of rows) {
        const carried = eventProcesses(row.raw);
        if (carried === undefined) continue;
        const tree = buildProcessTree(row.row.execId, lookups, carried);
        const ids = outline(tree).filter((l) => !l.trimStart().startsWith("…"));
        const execIds: string[] = [];
        const stack = [...tree.roots];
        for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
          if (n.type === "process") {
            execIds.push(n.execId);
            stack.push(...n.children);
          }
        }
        expect(new Set(execIds).size).toBe(ids.length);
        expect(find(tree, row.row.execId)?.role).toBe("selected");
      }
    });
  },
);
