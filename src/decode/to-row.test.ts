import { describe, expect, it } from "vitest";
import { loadRealEvents, REAL_EVENTS_SKIP } from "../testing/real-events.js";
import { allSyntheticEvents, syntheticEvents } from "../testing/synthetic-events.js";
import type { EventKind } from "../model/event-kind.js";
import { EVENT_KINDS } from "../model/event-kind.js";
import { searchTextOf } from "../model/search-text.js";
import { toRowView } from "./to-row.js";

const s = syntheticEvents();

describe("toRowView (synthetic)", () => {
  it.each<[keyof typeof s, EventKind]>([
    ["exec", "exec"],
    ["exitSignal", "exit"],
    ["kprobeAllArgs", "kprobe"],
    ["tracepoint", "tracepoint"],
    ["uprobe", "uprobe"],
    ["usdt", "usdt"],
    ["lsm", "lsm"],
    ["loader", "loader"],
    ["throttleStart", "throttle"],
    ["rateLimit", "rate_limit_info"],
    ["test", "test"],
    ["unknown", "unknown"],
  ])("%s -> kind %s with a summary", (name, kind) => {
    const row = toRowView(s[name], 7);
    expect(row.kind).toBe(kind);
    expect(row.seq).toBe(7);
    expect(row.summary).not.toBe("");
  });

  it("covers every kind a stream can carry", () => {
    const kinds = new Set(allSyntheticEvents().map((e) => toRowView(e, 0).kind));
    for (const k of EVENT_KINDS) expect(kinds).toContain(k);
  });

  it("maps the process, pod and container fields of an exec", () => {
    const row = toRowView(s.exec, 1);
    expect(row).toMatchObject({
      node: "kind-worker",
      namespace: "default",
      pod: "xwing",
      container: "spaceship",
      workload: "xwing",
      binary: "/usr/bin/curl",
      arguments: "https://ebpf.io/applications/#tetragon",
      parentBinary: "/bin/bash",
      parentArguments: '-c "curl https://ebpf.io"',
      pid: 4242,
      uid: 0,
      exitStatus: "",
      image: "docker.io/tgraf/netperf:latest",
      time: "2024-05-01T12:00:00Z",
      timeMs: Date.UTC(2024, 4, 1, 12),
      icon: "🚀",
      verb: "process",
    });
    expect(row.containerId).toMatch(/^containerd:\/\//);
    expect(row.labels).toEqual(["app=xwing", "class=xwing", "org=alliance"]);
  });

  it("exit status: the signal when set, else the status number", () => {
    expect(toRowView(s.exitSignal, 1).exitStatus).toBe("SIGKILL");
    expect(toRowView(s.exitStatus, 1).exitStatus).toBe("60");
  });

  it("hook events carry policy, function, action and return value", () => {
    const row = toRowView(s.kprobeAllArgs, 1);
    expect(row).toMatchObject({
      policy: "observe-all",
      functionName: "all_args_probe",
      action: "SIGKILL",
      returnValue: "-13",
    });
    expect(toRowView(s.tracepoint, 1).functionName).toBe("syscalls/sys_enter_openat");
    expect(toRowView(s.uprobe, 1).functionName).toBe("readline");
    expect(toRowView(s.usdt, 1).functionName).toBe("libc:setjmp");
    expect(toRowView(s.lsm, 1).functionName).toBe("file_open");
  });

  it("never crashes on partial messages: missing strings are '', numbers undefined", () => {
    for (const e of [s.empty, s.kprobeNoProcess, s.unknown]) {
      const row = toRowView(e, 3);
      expect(row.binary).toBe("");
      expect(row.pod).toBe("");
      expect(row.pid).toBeUndefined();
      expect(row.uid).toBeUndefined();
      expect(row.summary).not.toBe("");
    }
    expect(Number.isNaN(toRowView(s.empty, 0).timeMs)).toBe(true);
    expect(toRowView(s.empty, 0).time).toBe("");
  });

  it("builds a lower-cased search text over the shown fields", () => {
    const text = searchTextOf(toRowView(s.exec, 1));
    for (const part of [
      "xwing",
      "/usr/bin/curl",
      "spaceship",
      "app=xwing",
      "kind-worker",
      "4242",
    ]) {
      expect(text).toContain(part);
    }
    expect(text).toBe(text.toLowerCase());
  });

  it("keys are stable for the same event and differ between events", () => {
    expect(toRowView(s.exec, 1).key).toBe(toRowView(s.exec, 99).key);
    const keys = new Set(allSyntheticEvents().map((e) => toRowView(e, 0).key));
    expect(keys.size).toBeGreaterThan(30);
    expect(toRowView(s.exec, 1).key).toMatch(/^[0-9a-z]+$/);
  });

  it("keeps hostile strings verbatim (display escaping is visibleText's job)", () => {
    const row = toRowView(s.hostile, 1);
    expect(row.binary).toBe("/tmp/\u202Eexe.sh");
    expect(row.pod).toBe("<img src=x onerror=alert(1)>");
    expect(row.labels).toHaveLength(500);
    expect(row.arguments.length).toBeGreaterThan(1024 * 1024);
  });
});

const real = loadRealEvents();

describe.skipIf(real === undefined)(
  `toRowView (real events) ${real ? "" : REAL_EVENTS_SKIP}`,
  () => {
    it("reads all 32 events", () => {
      expect(real).toHaveLength(32);
    });

    it.each((real ?? []).map((e, i) => [i, e] as const))("event %i", (i, { line, res }) => {
      const json = JSON.parse(line) as Record<string, unknown>;
      const field = Object.keys(json).find((k) => k.startsWith("process_"))!;
      const ev = json[field] as { process?: Record<string, unknown> };
      const p = (ev.process ?? {}) as {
        binary?: string;
        pid?: number;
        pod?: { namespace?: string; name?: string };
      };
      const row = toRowView(res, i);
      expect(row.kind).toBe(
        { process_exec: "exec", process_exit: "exit", process_kprobe: "kprobe" }[field],
      );
      expect(row.summary.trim()).not.toBe("");
      expect(row.binary).toBe(p.binary ?? "");
      expect(row.pid).toBe(p.pid);
      expect(row.namespace).toBe(p.pod?.namespace ?? "");
      expect(row.pod).toBe(p.pod?.name ?? "");
      expect(row.node).toBe(json["node_name"] ?? "");
      // The summary names the pod (or the node for host processes) and the binary, like tetra.
      const source = p.pod ? `${p.pod.namespace}/${p.pod.name}` : (json["node_name"] as string);
      expect(row.summary).toContain(`${source} ${p.binary}`);
    });
  },
);
