/*
 * Converts the generator's SimProcess records into the API's Process / Pod messages, the
 * way a real agent fills them (exec_id base64, docker = first 31 hex of the container id,
 * auid unset = 4294967295, capabilities by uid). Results are cached per process: the
 * records are immutable once spawned, and events may share these sub-messages because
 * nothing downstream mutates a message.
 */
import { create } from "@bufbuild/protobuf";
import { TimestampSchema, type Timestamp } from "@bufbuild/protobuf/wkt";
import { CapabilitiesType } from "../../src/gen/tetragon/capabilities_pb.js";
import {
  CapabilitiesSchema,
  PodSchema,
  ProcessSchema,
  type Capabilities,
  type Pod,
  type Process,
} from "../../src/gen/tetragon/tetragon_pb.js";
import { CONTAINER_CAPS } from "./cluster-data.js";
import type { SimContainer, SimProcess } from "./cluster.js";

const AUID_UNSET = 4294967295;

const ZERO_TIMESTAMP = create(TimestampSchema);

/** Timestamp with microsecond precision (timestampFromMs would produce fractional nanos). */
export function timestampOf(ms: number): Timestamp {
  const us = Math.round(ms * 1000);
  const seconds = Math.floor(us / 1_000_000);
  return { ...ZERO_TIMESTAMP, seconds: BigInt(seconds), nanos: (us - seconds * 1_000_000) * 1000 };
}

function capsOf(kind: SimProcess["caps"]): Capabilities | undefined {
  if (kind === "none") return undefined;
  const list =
    kind === "all"
      ? Object.values(CapabilitiesType).filter((v) => typeof v === "number")
      : CONTAINER_CAPS.map((name) => CapabilitiesType[name]);
  return create(CapabilitiesSchema, { permitted: list, effective: list, inheritable: [] });
}
const CAPS = { all: capsOf("all"), container: capsOf("container"), none: undefined };

const pods = new WeakMap<SimContainer, Pod>();

export function podOf(c: SimContainer, nsPid: number | undefined): Pod {
  let base = pods.get(c);
  if (!base) {
    const imageName = c.spec.image;
    const repo = imageName.slice(0, imageName.lastIndexOf(":"));
    base = create(PodSchema, {
      namespace: c.workload.namespace,
      name: c.podName,
      uid: c.podUid,
      container: {
        id: `containerd://${c.id}`,
        name: c.spec.name,
        image: { id: `${repo}@sha256:${c.imageDigest}`, name: imageName },
        startTime: timestampOf(Math.floor(c.startMs / 1000) * 1000),
        securityContext: { privileged: c.workload.privileged === true },
      },
      podLabels: c.workload.labels,
      workload: c.workload.name,
      workloadKind: c.workload.kind,
    });
    pods.set(c, base);
  }
  if (nsPid === undefined || !base.container) return base;
  return { ...base, container: { ...base.container, pid: nsPid } };
}

const processes = new WeakMap<SimProcess, Map<number, Process>>();

export function processOf(p: SimProcess, refcnt = 1): Process {
  let byRef = processes.get(p);
  if (!byRef) {
    byRef = new Map();
    processes.set(p, byRef);
  }
  let msg = byRef.get(refcnt);
  const first = byRef.values().next().value;
  if (!msg && first) {
    msg = { ...first, refcnt };
    byRef.set(refcnt, msg);
  } else if (!msg) {
    msg = create(ProcessSchema, {
      execId: p.execId,
      pid: p.pid,
      tid: p.pid,
      uid: p.uid,
      cwd: p.cwd,
      binary: p.binary,
      arguments: p.arguments,
      flags: p.flags,
      startTime: timestampOf(p.startMs),
      auid: p.container ? AUID_UNSET : 0,
      docker: p.container ? p.container.id.slice(0, 31) : "",
      parentExecId: p.parent?.execId ?? "",
      refcnt,
      inInitTree: false,
      processCredentials: {
        uid: p.uid,
        gid: p.uid,
        euid: p.uid,
        egid: p.uid,
        suid: p.uid,
        sgid: p.uid,
        fsuid: p.uid,
        fsgid: p.uid,
      },
      ...(p.container ? { pod: podOf(p.container, p.nsPid) } : {}),
      ...(CAPS[p.caps] ? { cap: CAPS[p.caps] } : {}),
    });
    byRef.set(refcnt, msg);
  }
  return msg;
}

/** The process chain above `p`'s parent (grandparent first), as `ancestors` carries it. */
export function ancestorsOf(p: SimProcess): Process[] {
  const out: Process[] = [];
  for (let a = p.parent?.parent; a; a = a.parent) out.push(processOf(a, 2));
  return out;
}
