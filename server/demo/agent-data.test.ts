/**
 * The demo agent's data for issue 15 (investigate: process trees, privileges, agents and
 * policies): policies that match the events, one in error; GetInfo as a real agent fills
 * it; ancestors when enabled; privilege-relevant process data (capabilities, host
 * namespaces, setuid, init tree, exec probes) — all from the seeded generator, so the same
 * seed still gives the same events.
 */
import { toBinary } from "@bufbuild/protobuf";
import {
  anyUnpack,
  BoolValueSchema,
  Int64ValueSchema,
  ListValueSchema,
  StringValueSchema,
} from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { describe, expect, test } from "vitest";
import {
  CapabilitiesType,
  ProcessPrivilegesChanged,
} from "../../src/gen/tetragon/capabilities_pb.js";
import {
  GetEventsResponseSchema,
  type GetEventsResponse,
} from "../../src/gen/tetragon/events_pb.js";
import {
  FineGuidanceSensors,
  HookState,
  TracingPolicyMode,
  TracingPolicyState,
  type GetInfoResponse,
} from "../../src/gen/tetragon/sensors_pb.js";
import { KprobeAction, type Process } from "../../src/gen/tetragon/tetragon_pb.js";
import { agentInfo } from "./agent-info.js";
import { startDemoAgent, type DemoAgent } from "./agent.js";
import { processOfEvent } from "./event-filter.js";
import { ALL_ANCESTORS } from "./events.js";
import { createEventGenerator } from "./generator.js";
import {
  LOADED_POLICY_NAMES,
  PAYMENTS_NAMESPACE,
  POLICY,
  tracingPolicyStatuses,
} from "./policies.js";

const START = Date.UTC(2025, 5, 1, 12);
const take = (n: number, options: Partial<Parameters<typeof createEventGenerator>[0]> = {}) => {
  const g = createEventGenerator({ seed: 42, startTime: START, ...options });
  return Array.from({ length: n }, () => g.next());
};
const events = take(5000);

interface WithPolicy {
  policyName: string;
  process?: Process | undefined;
  parent?: Process | undefined;
  ancestors: Process[];
}
function policyEvent(e: GetEventsResponse): WithPolicy | undefined {
  const ev = e.event;
  switch (ev.case) {
    case "processKprobe":
    case "processTracepoint":
    case "processUprobe":
    case "processLsm":
      return ev.value;
    default:
      return undefined;
  }
}
const execs = events.flatMap((e) => (e.event.case === "processExec" ? [e.event.value] : []));
const processes = events.flatMap((e) => {
  const p = processOfEvent(e);
  return p ? [p] : [];
});

describe("policies", () => {
  const statuses = tracingPolicyStatuses(3600);

  test("every policy name in the events is a listed, loaded policy, and each loaded one reports", () => {
    const inEvents = new Set(events.flatMap((e) => policyEvent(e)?.policyName ?? []));
    const listed = new Map(statuses.map((p) => [p.name, p]));
    for (const name of inEvents) {
      expect(listed.has(name), name).toBe(true);
      expect(listed.get(name)?.state, name).toBe(TracingPolicyState.TP_STATE_ENABLED);
    }
    expect(inEvents).toEqual(LOADED_POLICY_NAMES);
  });

  test("one policy failed to load: state, error message, the hook not found, no events", () => {
    const failed = statuses.filter((p) => p.state !== TracingPolicyState.TP_STATE_ENABLED);
    expect(failed.map((p) => p.name)).toEqual([POLICY.blockModuleLoad]);
    const [p] = failed;
    expect(p?.state).toBe(TracingPolicyState.TP_STATE_LOAD_ERROR);
    expect(p?.error).toMatch(/failed to load: kprobe "__x64_sys_finit_module" not found/);
    expect(p?.kernelMemoryBytes).toBe(0n);
    expect(p?.hookStatuses.map((h) => h.state)).toEqual([
      HookState.STATUS_CALL_NOT_FOUND,
      HookState.STATUS_UNSPECIFIED,
    ]);
    expect(p?.stats?.actionCounters?.post).toBe(0n);
  });

  test("every field a real status has is filled: namespaces, modes, sensors, memory, hooks, counters", () => {
    const loaded = statuses.filter((p) => p.state === TracingPolicyState.TP_STATE_ENABLED);
    expect(new Set(statuses.map((p) => p.mode))).toEqual(
      new Set([TracingPolicyMode.TP_MODE_MONITOR, TracingPolicyMode.TP_MODE_ENFORCE]),
    );
    expect(statuses.find((p) => p.name === POLICY.paymentsEgress)?.namespace).toBe(
      PAYMENTS_NAMESPACE,
    );
    expect(new Set(statuses.map((p) => p.id)).size).toBe(statuses.length);
    for (const p of loaded) {
      expect(p.sensors[0], p.name).toMatch(/^generic_(kprobe|tracepoint|lsm|uprobe)$/);
      expect(p.kernelMemoryBytes, p.name).toBeGreaterThan(0n);
      expect(p.error).toBe("");
      expect(p.hookStatuses.length, p.name).toBeGreaterThan(0);
      for (const h of p.hookStatuses) expect(h.state).toBe(HookState.STATUS_LOADED);
      expect(p.stats?.selectorActionCounters.length, p.name).toBeGreaterThan(0);
      expect(p.stats?.actionCounters?.post, p.name).toBeGreaterThan(0n);
    }
    // The enforcing policy counts the kills it made.
    const deny = statuses.find((p) => p.name === POLICY.denyReverseShell);
    expect(deny?.mode).toBe(TracingPolicyMode.TP_MODE_ENFORCE);
    expect(deny?.stats?.actionCounters?.signal).toBeGreaterThan(0n);
  });

  test("counters grow with uptime, and the same uptime gives the same numbers", () => {
    const post = (s: number) =>
      tracingPolicyStatuses(s).map((p) => p.stats?.actionCounters?.post ?? 0n);
    expect(post(7200)).toEqual(post(7200));
    const [early, late] = [post(3600), post(7200)];
    late.forEach((n, i) => {
      expect(n).toBeGreaterThanOrEqual(early[i]!);
    });
    expect(late.some((n, i) => n > early[i]!)).toBe(true);
    expect(post(0).every((n) => n === 0n)).toBe(true);
  });

  test("connects: the namespaced policy only in its namespace; shell ports are killed", () => {
    const connects = events.flatMap((e) =>
      e.event.case === "processKprobe" && e.event.value.functionName === "tcp_connect"
        ? [e.event.value]
        : [],
    );
    for (const c of connects) {
      const inPayments = c.process?.pod?.namespace === PAYMENTS_NAMESPACE;
      if (c.policyName === POLICY.paymentsEgress) expect(inPayments).toBe(true);
      if (c.policyName === POLICY.tcpConnect) expect(inPayments).toBe(false);
    }
    const kills = connects.filter((c) => c.policyName === POLICY.denyReverseShell);
    expect(kills.length).toBeGreaterThan(0);
    for (const k of kills) {
      expect(k.action).toBe(KprobeAction.SIGKILL);
      const exit = events.find(
        (e) =>
          e.event.case === "processExit" && e.event.value.process?.execId === k.process?.execId,
      );
      if (exit?.event.case === "processExit") expect(exit.event.value.signal).toBe("SIGKILL");
    }
  });
});

describe("process trees", () => {
  test("every exit of a process started after the stream began has its exec earlier in the stream", () => {
    const seen = new Set<string>();
    let checked = 0;
    for (const e of events) {
      if (e.event.case === "processExec") seen.add(e.event.value.process?.execId ?? "");
      if (e.event.case !== "processExit") continue;
      const p = e.event.value.process;
      const started = Number(p?.startTime?.seconds ?? 0n) * 1000;
      if (started < START) continue; // long-lived: started before anyone watched
      expect(seen.has(p?.execId ?? ""), p?.binary).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  test("ancestors continue the parent chain to the node's init on exec, exit and policy events", () => {
    let withAncestors = 0;
    for (const e of events) {
      const v =
        e.event.case === "processExec" || e.event.case === "processExit"
          ? e.event.value
          : policyEvent(e);
      if (!v?.process) continue;
      const chain = [v.process, v.parent, ...v.ancestors];
      for (let i = 0; i + 1 < chain.length; i++)
        expect(chain[i]?.parentExecId).toBe(chain[i + 1]?.execId);
      expect(chain.at(-1)?.binary).toBe("/sbin/init");
      if (v.ancestors.length > 0) withAncestors++;
    }
    expect(withAncestors).toBeGreaterThan(3000);
  });

  test("ancestors only on the kinds the agent enables (Tetragon's --enable-ancestors)", () => {
    const some = take(3000, { ancestors: new Set(["base"]) });
    let execsWith = 0;
    for (const e of some) {
      if (e.event.case === "processExec") execsWith += e.event.value.ancestors.length > 0 ? 1 : 0;
      else expect(policyEvent(e)?.ancestors ?? []).toEqual([]);
    }
    expect(execsWith).toBeGreaterThan(100);
    const none = take(500, { ancestors: new Set() });
    for (const e of none) {
      const v =
        e.event.case === "processExec" || e.event.case === "processExit"
          ? e.event.value
          : policyEvent(e);
      expect(v?.ancestors ?? []).toEqual([]);
    }
  });

  test("the same seed still gives the same events", () => {
    // Base64 text: comparing strings is fast, comparing 300 byte arrays element-wise is not.
    const bin = (es: GetEventsResponse[]) =>
      es.map((e) => Buffer.from(toBinary(GetEventsResponseSchema, e)).toString("base64"));
    expect(bin(take(300))).toEqual(bin(events.slice(0, 300)));
  });
});

describe("privilege-relevant data", () => {
  test("effective CAP_SYS_ADMIN on privileged pods' and host processes, not on ordinary pods'", () => {
    const sysAdmin = (p: Process) =>
      p.cap?.effective.includes(CapabilitiesType.CAP_SYS_ADMIN) === true;
    const podsWith = new Set(
      processes.filter((p) => p.pod && sysAdmin(p)).map((p) => p.pod?.workload),
    );
    expect(podsWith).toEqual(new Set(["netshoot", "kube-proxy"]));
    expect(processes.some((p) => !p.pod && sysAdmin(p))).toBe(true);
    for (const p of processes)
      if (p.pod?.container?.securityContext?.privileged === false) expect(sysAdmin(p)).toBe(false);
  });

  test("host namespaces: host processes and the hostNetwork/hostPID pods", () => {
    for (const p of processes) {
      if (!p.pod) {
        expect(p.ns?.net?.isHost && p.ns.pid?.isHost && p.ns.mnt?.isHost).toBe(true);
        continue;
      }
      const w = p.pod.workload;
      expect(p.ns?.net?.isHost, w).toBe(w === "netshoot" || w === "kube-proxy");
      expect(p.ns?.pid?.isHost, w).toBe(w === "netshoot");
      expect(p.ns?.mnt?.isHost, w).toBe(false);
    }
    // Containers of one pod share its network namespace; other pods have their own.
    const netOf = new Map<string, number>();
    for (const p of processes.filter((q) => q.pod && !q.ns?.net?.isHost)) {
      const key = p.pod!.name;
      if (netOf.has(key)) expect(p.ns?.net?.inum).toBe(netOf.get(key));
      netOf.set(key, p.ns?.net?.inum ?? 0);
    }
    expect(new Set(netOf.values()).size).toBe(netOf.size);
  });

  test("a setuid exec raises privileges: euid 0 for uid 1000, binary_properties say so", () => {
    const sudo = execs.map((x) => x.process!).filter((p) => p.binary === "/usr/bin/sudo");
    expect(sudo.length).toBeGreaterThan(0);
    for (const p of sudo) {
      expect(p.uid).toBe(1000);
      expect(p.processCredentials).toMatchObject({ uid: 1000, euid: 0, suid: 0, fsuid: 0 });
      expect(p.binaryProperties?.setuid).toBe(0);
      expect(p.binaryProperties?.privilegesChanged).toEqual([
        ProcessPrivilegesChanged.PRIVILEGES_RAISED_EXEC_FILE_SETUID,
      ]);
      expect(p.binaryProperties?.file?.path).toBe("/usr/bin/sudo");
      expect(p.cap?.effective).toContain(CapabilitiesType.CAP_SETUID);
    }
    // Anything else keeps its ids.
    for (const p of processes)
      if (!p.binaryProperties) expect(p.processCredentials?.euid).toBe(p.processCredentials?.uid);
  });

  test("in_init_tree: exec sessions from outside are false, the container's own children true, host unset", () => {
    const byBinary = (b: string) =>
      execs.map((x) => x.process!).filter((p) => p.binary === b && p.pod);
    // kubectl exec: a shell whose parent is the runtime shim.
    const shells = execs.filter(
      (x) => x.process?.pod && x.parent?.binary === "/usr/bin/containerd-shim-runc-v2",
    );
    expect(shells.length).toBeGreaterThan(100);
    for (const x of shells) expect(x.process?.inInitTree).toBe(false);
    // The crawler's scheduler (the container's pid 1) runs its jobs: in the init tree.
    const jobs = byBinary("/usr/local/bin/python3").filter((p) =>
      p.arguments.startsWith("/app/crawl.py"),
    );
    expect(jobs.length).toBeGreaterThan(0);
    for (const p of jobs) expect(p.inInitTree).toBe(true);
    const parentsOfJobs = execs.filter((x) => jobs.includes(x.process!)).map((x) => x.parent);
    for (const parent of parentsOfJobs) {
      expect(parent?.pod?.container?.pid).toBe(1);
      expect(parent?.inInitTree).toBe(true);
    }
    for (const p of processes) if (!p.pod) expect(p.inInitTree).toBeUndefined();
  });

  test("exec probes are marked maybe_exec_probe on the probe's own process only", () => {
    const probes = execs.filter((x) => x.process?.pod?.container?.maybeExecProbe);
    expect(probes.length).toBeGreaterThan(50);
    for (const x of probes) {
      expect(x.process?.inInitTree).toBe(false);
      expect(x.parent?.binary).toBe("/usr/bin/containerd-shim-runc-v2");
    }
    const curl = execs.filter(
      (x) => x.process?.binary === "/usr/bin/curl" && x.process.arguments.includes("healthz"),
    );
    for (const x of curl) expect(x.process?.pod?.container?.maybeExecProbe).toBe(false);
  });
});

describe("GetInfo", () => {
  function conf(info: GetInfoResponse): Map<string, unknown> {
    return new Map(
      info.conf.map((c) => {
        const any = c.value!;
        const value =
          anyUnpack(any, StringValueSchema)?.value ??
          anyUnpack(any, BoolValueSchema)?.value ??
          anyUnpack(any, Int64ValueSchema)?.value ??
          anyUnpack(any, ListValueSchema)?.values.map((v) => v.kind.value);
        return [c.key, value];
      }),
    );
  }

  test("settings as Any-wrapped values a real agent sends; ancestors follow the option", () => {
    const all = conf(agentInfo(ALL_ANCESTORS));
    expect(all.get("enable-ancestors")).toEqual(["base", "kprobe", "tracepoint", "uprobe", "lsm"]);
    expect(all.get("enable-process-cred")).toBe(true);
    expect(all.get("enable-process-ns")).toBe(true);
    expect(all.get("enable-k8s-api")).toBe(true);
    expect(all.get("export-denylist")).toContain('"kube-system"');
    expect(all.get("export-allowlist")).toContain("PROCESS_EXEC");
    expect(all.get("process-cache-size")).toBe(65536n);
    for (const [key, value] of all) expect(value, key).not.toBeUndefined();
    expect(conf(agentInfo(new Set())).get("enable-ancestors")).toEqual([]);
  });

  test("feature probes, version and build, over a real socket", async () => {
    const agent: DemoAgent = await startDemoAgent({
      log: () => {},
      ancestors: new Set(["base", "kprobe"]),
    });
    try {
      const client = createClient(
        FineGuidanceSensors,
        createGrpcTransport({ baseUrl: `http://${agent.address}` }),
      );
      const info = await client.getInfo({});
      expect(info.version).toBe((await client.getVersion({})).version);
      expect(info.probes.find((p) => p.Name === "lsm")?.Enabled).toBe(true);
      expect(info.probes.some((p) => p.Enabled === false)).toBe(true);
      expect(info.build?.goVersion).toMatch(/^go1\.\d+/);
      expect(conf(info).get("enable-ancestors")).toEqual(["base", "kprobe"]);
      const policies = await client.listTracingPolicies({});
      expect(policies.policies.map((p) => p.name)).toContain(POLICY.blockModuleLoad);
    } finally {
      await agent.close();
    }
  });
});
