/**
 * Pure helpers for the detail pane: [label, value] lists for the process, pod, container and
 * the hook's data, plus the raw JSON exactly as `tetra getevents -o json` prints it (snake_case
 * proto field names). Components get plain strings and never import src/gen. Values are raw
 * text: the pane passes them through visibleTextFull before showing them.
 */
import { toJsonString } from "@bufbuild/protobuf";
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import type { Container, Namespaces, Pod, Process } from "../gen/tetragon/tetragon_pb.js";
import { KprobeAction, KprobeActionSchema } from "../gen/tetragon/tetragon_pb.js";
import type { DetailEntry, DetailSection } from "../model/detail-section.js";
import { argTypeName, formatArg, formatCapabilities, formatCredentials } from "./args.js";
import { eventParts } from "./event-parts.js";
import { timestampRfc3339 } from "./event-time.js";
import { shortEnumName } from "./enum-names.js";
import { ThrottleTypeSchema } from "../gen/tetragon/events_pb.js";
import { ProcessPrivilegesChangedSchema } from "../gen/tetragon/capabilities_pb.js";

function push(
  out: DetailEntry[],
  label: string,
  v: string | number | bigint | boolean | undefined,
): void {
  if (v === undefined || v === "") return;
  out.push([label, String(v)]);
}

function namespaces(ns: Namespaces): string {
  const names = [
    "uts",
    "ipc",
    "mnt",
    "pid",
    "pidForChildren",
    "net",
    "time",
    "timeForChildren",
    "cgroup",
    "user",
  ] as const;
  const parts: string[] = [];
  for (const n of names) {
    const v = ns[n];
    if (v !== undefined) parts.push(`${n}=${v.inum}${v.isHost ? " (host)" : ""}`);
  }
  return parts.join(" ");
}

export function describeProcess(p: Process | undefined): DetailEntry[] {
  const out: DetailEntry[] = [];
  if (p === undefined) return out;
  push(out, "binary", p.binary);
  push(out, "arguments", p.arguments);
  push(out, "pid", p.pid);
  push(out, "tid", p.tid);
  push(out, "uid", p.uid);
  push(out, "auid", p.auid);
  push(out, "user", p.user?.name);
  push(out, "cwd", p.cwd);
  push(out, "flags", p.flags);
  push(out, "start time", timestampRfc3339(p.startTime));
  push(out, "exec_id", p.execId);
  push(out, "parent exec_id", p.parentExecId);
  push(out, "docker", p.docker);
  push(out, "in init tree", p.inInitTree);
  if (p.refcnt !== 0) push(out, "refcnt", p.refcnt);
  if (p.cap !== undefined) push(out, "capabilities", formatCapabilities(p.cap));
  if (p.ns !== undefined) push(out, "namespaces", namespaces(p.ns));
  if (p.processCredentials !== undefined)
    push(out, "credentials", formatCredentials(p.processCredentials));
  const bp = p.binaryProperties;
  if (bp !== undefined) {
    push(out, "setuid", bp.setuid);
    push(out, "setgid", bp.setgid);
    if (bp.privilegesChanged.length > 0) {
      push(
        out,
        "privileges changed",
        bp.privilegesChanged.map((c) => shortEnumName(ProcessPrivilegesChangedSchema, c)).join(" "),
      );
    }
    push(out, "file", bp.file?.path);
    if (bp.file?.inode !== undefined) push(out, "inode", bp.file.inode.number);
  }
  for (const env of p.environmentVariables) push(out, `env ${env.Key}`, env.Value);
  return out;
}

export function describeContainer(c: Container | undefined): DetailEntry[] {
  const out: DetailEntry[] = [];
  if (c === undefined) return out;
  push(out, "container", c.name);
  push(out, "container id", c.id);
  push(out, "image", c.image?.name);
  push(out, "image id", c.image?.id);
  push(out, "container start", timestampRfc3339(c.startTime));
  push(out, "container pid", c.pid);
  if (c.maybeExecProbe) push(out, "maybe exec probe", true);
  if (c.securityContext?.privileged === true) push(out, "privileged", true);
  return out;
}

export function describePod(pod: Pod | undefined): DetailEntry[] {
  const out: DetailEntry[] = [];
  if (pod === undefined) return out;
  push(out, "namespace", pod.namespace);
  push(out, "pod", pod.name);
  push(out, "pod uid", pod.uid);
  push(out, "workload", pod.workload);
  push(out, "workload kind", pod.workloadKind);
  // Pod labels are not listed here: the pane shows them once, as chips (RowView.labels).
  for (const [k, v] of Object.entries(pod.podAnnotations)) out.push([`annotation ${k}`, v]);
  out.push(...describeContainer(pod.container));
  return out;
}

/**
 * The event-specific data: hook, policy, action, arguments (decoded per type), return value,
 * exit status, throttle/rate-limit fields, node and cluster.
 */
export function describeEventData(res: GetEventsResponse): DetailEntry[] {
  const parts = eventParts(res);
  const out: DetailEntry[] = [];
  push(out, "time", timestampRfc3339(res.time));
  push(out, "node", res.nodeName);
  push(out, "cluster", res.clusterName);
  for (const [k, v] of Object.entries(res.nodeLabels)) out.push([`node label ${k}`, v]);
  push(out, "function", parts.functionName);
  push(out, "policy", parts.policy);
  push(out, "action", parts.action);
  push(out, "message", parts.message);
  if (parts.tags.length > 0) push(out, "tags", parts.tags.join(", "));
  parts.args.forEach((a, i) => {
    const label = a.label !== "" ? `arg ${i} ${a.label}` : `arg ${i}`;
    out.push([`${label} (${argTypeName(a)})`, formatArg(a)]);
  });
  parts.data.forEach((a, i) => {
    out.push([`data ${i}${a.label !== "" ? ` ${a.label}` : ""} (${argTypeName(a)})`, formatArg(a)]);
  });
  if (parts.returnArg !== undefined) {
    out.push([`return (${argTypeName(parts.returnArg)})`, formatArg(parts.returnArg)]);
  }
  const ev = res.event;
  switch (ev.case) {
    case "processExit":
      push(out, "exit status", ev.value.status);
      push(out, "signal", ev.value.signal);
      push(out, "exit time", timestampRfc3339(ev.value.time));
      break;
    case "processKprobe":
      if (ev.value.returnAction !== KprobeAction.UNKNOWN)
        push(out, "return action", shortEnumName(KprobeActionSchema, ev.value.returnAction));
      ev.value.kernelStackTrace.forEach((s, i) => {
        out.push([
          `kernel stack ${i}`,
          `0x${s.address.toString(16)}: ${s.symbol}+0x${s.offset.toString(16)}`,
        ]);
      });
      ev.value.userStackTrace.forEach((s, i) => {
        out.push([
          `user stack ${i}`,
          `0x${s.address.toString(16)}: ${s.symbol} (${s.module}+0x${s.offset.toString(16)})`,
        ]);
      });
      break;
    case "processUprobe":
      push(out, "path", ev.value.path);
      push(out, "symbol", ev.value.symbol);
      if (ev.value.offset !== 0n) push(out, "offset", `0x${ev.value.offset.toString(16)}`);
      break;
    case "processUsdt":
      push(out, "path", ev.value.path);
      push(out, "provider", ev.value.provider);
      push(out, "name", ev.value.name);
      push(out, "flags", ev.value.flags);
      break;
    case "processLsm":
      push(out, "IMA hash", ev.value.imaHash);
      break;
    case "processLoader":
      push(out, "path", ev.value.path);
      if (ev.value.buildid.length > 0) {
        push(
          out,
          "build id",
          Array.from(ev.value.buildid, (b) => b.toString(16).padStart(2, "0")).join(""),
        );
      }
      break;
    case "processThrottle":
      push(out, "throttle", shortEnumName(ThrottleTypeSchema, ev.value.type));
      push(out, "cgroup", ev.value.cgroup);
      break;
    case "rateLimitInfo":
      push(out, "dropped process events", ev.value.numberOfDroppedProcessEvents);
      break;
    case "test":
      out.push(["args", [ev.value.arg0, ev.value.arg1, ev.value.arg2, ev.value.arg3].join(" ")]);
      break;
    case "processExec":
    case "processTracepoint":
    case undefined:
      break;
  }
  if (res.aggregationInfo !== undefined) push(out, "aggregated count", res.aggregationInfo.count);
  return out;
}

/** All sections of the pane, in display order, empty ones left out. */
export function describeEvent(res: GetEventsResponse): DetailSection[] {
  const parts = eventParts(res);
  const sections: DetailSection[] = [
    { title: "Event", entries: describeEventData(res) },
    { title: "Process", entries: describeProcess(parts.process) },
    { title: "Pod", entries: describePod(parts.process?.pod) },
    { title: "Parent", entries: describeProcess(parts.parent) },
  ];
  parts.ancestors.forEach((a, i) => {
    sections.push({ title: `Ancestor ${i + 1}`, entries: describeProcess(a) });
  });
  return sections.filter((s) => s.entries.length > 0);
}

/** Ancestors nearest first, each "binary arguments" (pid), for a compact process tree. */
export function ancestry(res: GetEventsResponse): string[] {
  const parts = eventParts(res);
  const chain = [parts.parent, ...parts.ancestors].filter((p): p is Process => p !== undefined);
  return chain.map((p) =>
    [p.binary, p.arguments, p.pid === undefined ? "" : `(pid ${p.pid})`]
      .filter((s) => s !== "")
      .join(" "),
  );
}

/** The event as `tetra getevents -o json` prints it: one line, snake_case field names. */
export function rawJson(res: GetEventsResponse): string {
  return toJsonString(GetEventsResponseSchema, res, { useProtoFieldName: true });
}

/** {@link rawJson}, indented for reading. */
export function rawJsonPretty(res: GetEventsResponse): string {
  return toJsonString(GetEventsResponseSchema, res, { useProtoFieldName: true, prettySpaces: 2 });
}
