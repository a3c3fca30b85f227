import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, test } from "vitest";
import {
  GetEventsResponseSchema,
  type GetEventsResponse,
} from "../../src/gen/tetragon/events_pb.js";
import { processOfEvent } from "./event-filter.js";
import { createEventGenerator } from "./generator.js";

const START = Date.UTC(2025, 5, 1, 12);

function take(n: number, seed = 42, nodes?: string[]): GetEventsResponse[] {
  const g = createEventGenerator({ seed, startTime: START, ...(nodes ? { nodes } : {}) });
  return Array.from({ length: n }, () => g.next());
}

function kindOf(e: GetEventsResponse): string {
  const ev = e.event;
  if (ev.case === "processKprobe") return `kprobe:${ev.value.functionName}`;
  if (ev.case === "processLsm") return `lsm:${ev.value.functionName}`;
  return ev.case ?? "none";
}

describe("createEventGenerator", () => {
  const events = take(5000);

  test("is deterministic: the same seed gives the same events, another seed does not", () => {
    const bin = (es: GetEventsResponse[]) => es.map((e) => toBinary(GetEventsResponseSchema, e));
    expect(bin(take(100))).toEqual(bin(events.slice(0, 100)));
    expect(bin(take(100, 43))).not.toEqual(bin(events.slice(0, 100)));
  });

  test("every event encodes and decodes", () => {
    for (const e of events.slice(0, 200)) {
      const back = fromBinary(GetEventsResponseSchema, toBinary(GetEventsResponseSchema, e));
      expect(back.event.case).toBe(e.event.case);
    }
  });

  test("every kind it can generate appears in 5000 events", () => {
    const kinds = new Set(events.map(kindOf));
    for (const k of [
      "processExec",
      "processExit",
      "kprobe:security_file_permission",
      "kprobe:fd_install",
      "kprobe:tcp_connect",
      "kprobe:__x64_sys_setuid",
      "lsm:file_open",
      "lsm:bprm_check_security",
      "processTracepoint",
      "processUprobe",
      "processThrottle",
    ]) {
      expect(kinds, k).toContain(k);
    }
  });

  test("time increases and node names come from the node list", () => {
    let last = 0;
    for (const e of events) {
      const t = timestampMs(e.time!);
      expect(t).toBeGreaterThan(last);
      last = t;
      expect(["kind-control-plane", "kind-worker", "kind-worker2"]).toContain(e.nodeName);
    }
    const custom = take(200, 1, ["a-node"]);
    expect(new Set(custom.map((e) => e.nodeName))).toEqual(new Set(["a-node"]));
  });

  test("exec precedes exit and every kprobe of the same exec_id; exits happen once", () => {
    const execs = new Set<string>();
    const exited = new Set<string>();
    for (const e of events) {
      const p = processOfEvent(e);
      if (!p) continue;
      if (e.event.case === "processExec") {
        expect(execs.has(p.execId)).toBe(false);
        execs.add(p.execId);
        continue;
      }
      // Long-lived processes (shims, kubelet) started before the stream: no exec to see.
      if (!execs.has(p.execId)) continue;
      expect(exited.has(p.execId), "event after exit").toBe(false);
      if (e.event.case === "processExit") exited.add(p.execId);
    }
    expect(exited.size).toBeGreaterThan(1000);
  });

  test("parents and ancestors form consistent chains", () => {
    for (const e of events) {
      const ev = e.event;
      if (ev.case !== "processExec" && ev.case !== "processKprobe" && ev.case !== "processExit")
        continue;
      const { process: p, parent, ancestors } = ev.value;
      expect(p?.parentExecId).toBe(parent?.execId);
      const chain = [parent, ...ancestors];
      for (let i = 0; i + 1 < chain.length; i++)
        expect(chain[i]?.parentExecId).toBe(chain[i + 1]?.execId);
      expect(chain.at(-1)?.binary).toBe("/sbin/init");
      expect(Buffer.from(p!.execId, "base64").toString()).toMatch(
        new RegExp(`^${e.nodeName}:\\d+:${p!.pid}$`),
      );
    }
  });

  test("container processes carry believable pod, container and image details", () => {
    const pods = events.map(processOfEvent).flatMap((p) => (p?.pod ? [p] : []));
    expect(new Set(pods.map((p) => p.pod?.namespace))).toEqual(
      new Set(["default", "kube-system", "tenant-jobs", "payments", "monitoring"]),
    );
    for (const p of pods.slice(0, 300)) {
      const pod = p.pod!;
      expect(pod.container?.id).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
      expect(p.docker).toBe(
        pod.container?.id.slice("containerd://".length, "containerd://".length + 31),
      );
      expect(pod.container?.image?.id).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect(["Deployment", "DaemonSet", "StatefulSet"]).toContain(pod.workloadKind);
      if (pod.workloadKind === "Deployment")
        expect(pod.name).toMatch(new RegExp(`^${pod.workload}-[a-z0-9]{10}-[a-z0-9]{5}$`));
      expect(Object.keys(pod.podLabels).length).toBeGreaterThan(0);
    }
    expect(events.some((e) => !processOfEvent(e)?.pod && e.event.case === "processExec")).toBe(
      true,
    );
  });

  test("exits carry status codes and signals, kprobes carry policy names", () => {
    const exits = events.flatMap((e) => (e.event.case === "processExit" ? [e.event.value] : []));
    const statuses = new Set(exits.map((x) => x.status));
    for (const s of [0, 1, 127]) expect(statuses).toContain(s);
    const signals = new Set(exits.map((x) => x.signal));
    expect(signals).toContain("SIGKILL");
    expect(signals).toContain("SIGTERM");
    const policies = new Set(
      events.flatMap((e) => (e.event.case === "processKprobe" ? [e.event.value.policyName] : [])),
    );
    expect(policies).toEqual(
      new Set([
        "file-monitoring",
        "tcp-connect",
        "payments-egress",
        "deny-reverse-shell",
        "privileges-raise",
      ]),
    );
  });
});
