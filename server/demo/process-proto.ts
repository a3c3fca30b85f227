/*
 * Converts the generator's SimProcess records into the API's Process / Pod messages, the
 * way a real agent fills them with --enable-process-cred and --enable-process-ns on
 * (exec_id base64, docker = first 31 hex of the container id, auid unset = 4294967295,
 * capabilities by effective uid, credentials and binary_properties for a setuid exec,
 * namespaces with is_host, in_init_tree for container processes, maybe_exec_probe).
 * Results are cached per process (and namespaces per container): the records are
 * immutable once spawned, and events may share these sub-messages because nothing
 * downstream mutates a message.
 */
import { create } from "@bufbuild/protobuf";
import { TimestampSchema, type Timestamp } from "@bufbuild/protobuf/wkt";
import {
  CapabilitiesType,
  ProcessPrivilegesChanged,
} from "../../src/gen/tetragon/capabilities_pb.js";
import {
  CapabilitiesSchema,
  NamespacesSchema,
  PodSchema,
  ProcessSchema,
  type Capabilities,
  type Namespaces,
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

/** The initial namespaces' inode numbers, the same on every Linux host. */
const HOST_INUM = {
  uts: 4026531838,
  ipc: 4026531839,
  mnt: 4026531841,
  pid: 4026531836,
  net: 4026531840,
  time: 4026531834,
  cgroup: 4026531835,
  user: 4026531837,
};
const host = (inum: number) => ({ inum, isHost: true });
const HOST_NAMESPACES = create(NamespacesSchema, {
  uts: host(HOST_INUM.uts),
  ipc: host(HOST_INUM.ipc),
  mnt: host(HOST_INUM.mnt),
  pid: host(HOST_INUM.pid),
  pidForChildren: host(HOST_INUM.pid),
  net: host(HOST_INUM.net),
  time: host(HOST_INUM.time),
  timeForChildren: host(HOST_INUM.time),
  cgroup: host(HOST_INUM.cgroup),
  user: host(HOST_INUM.user),
});

/** A stable number in [0, mod) from text (FNV-1a), so derived values draw nothing from the Rng. */
function slot(text: string, mod: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h % mod;
}

const containerNamespaces = new WeakMap<SimContainer, Namespaces>();

/** A container's own uts/ipc/mnt/pid/cgroup, its pod's net; the host's where the pod shares them. */
function namespacesOf(c: SimContainer): Namespaces {
  let ns = containerNamespaces.get(c);
  if (!ns) {
    const base = 4026532200 + slot(c.id, 100_000) * 8;
    const own = (offset: number) => ({ inum: base + offset, isHost: false });
    const podNet = { inum: 4026532100 + slot(c.podUid, 100_000) * 8, isHost: false };
    const pid = c.workload.hostPID ? host(HOST_INUM.pid) : own(3);
    ns = create(NamespacesSchema, {
      uts: own(0),
      ipc: own(1),
      mnt: own(2),
      pid,
      pidForChildren: pid,
      net: c.workload.hostNetwork ? host(HOST_INUM.net) : podNet,
      time: host(HOST_INUM.time),
      timeForChildren: host(HOST_INUM.time),
      cgroup: own(4),
      user: host(HOST_INUM.user),
    });
    containerNamespaces.set(c, ns);
  }
  return ns;
}

/** Real, effective, saved and filesystem ids; a setuid binary changes the last three. */
function credentialsOf(p: SimProcess) {
  const euid = p.setuidOwner ?? p.uid;
  return {
    uid: p.uid,
    gid: p.uid,
    euid,
    egid: p.uid,
    suid: euid,
    sgid: p.uid,
    fsuid: euid,
    fsgid: p.uid,
  };
}

/** Only an exec that raised privileges (a setuid binary run by another user) has these. */
function binaryPropertiesOf(p: SimProcess) {
  if (p.setuidOwner === undefined || p.setuidOwner === p.uid) return {};
  return {
    binaryProperties: {
      setuid: p.setuidOwner,
      privilegesChanged: [ProcessPrivilegesChanged.PRIVILEGES_RAISED_EXEC_FILE_SETUID],
      file: {
        inode: { number: BigInt(1_048_576 + slot(p.binary, 4_000_000)), links: 1 },
        path: p.binary,
      },
    },
  };
}

const pods = new WeakMap<SimContainer, Pod>();

export function podOf(c: SimContainer, nsPid: number | undefined, maybeExecProbe = false): Pod {
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
  return { ...base, container: { ...base.container, pid: nsPid, maybeExecProbe } };
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
      ...(p.inInitTree !== undefined ? { inInitTree: p.inInitTree } : {}),
      processCredentials: credentialsOf(p),
      ...binaryPropertiesOf(p),
      ns: p.container ? namespacesOf(p.container) : HOST_NAMESPACES,
      ...(p.container ? { pod: podOf(p.container, p.nsPid, p.maybeExecProbe) } : {}),
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
