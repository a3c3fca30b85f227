/*
 * The simulated cluster, built once per generator from the seed: nodes (boot time, pid
 * counter, init and kubelet), pods spread over the nodes, and one long-lived runtime shim
 * and one main process (its init, pid 1 inside it) per container. `SimProcess` is the
 * generator's own process record; process-proto.ts turns it into the API's Process.
 * Invariant: pids only grow per node, so exec ids ("node:ktime:pid") never repeat.
 * Additions that need no randomness (container inits, namespaces, init-tree flags) draw
 * nothing from the Rng, so a seed still yields the same sequence of scenarios.
 */
import { WORKLOADS, type ContainerSpec, type WorkloadSpec } from "./cluster-data.js";
import type { Rng } from "./rng.js";

/** What processes need of their node: its name, boot time and pid counter. */
export interface NodeClock {
  name: string;
  ip: string;
  bootMs: number;
  nextPid: number;
}

export interface SimNode extends NodeClock {
  init: SimProcess;
  kubelet: SimProcess;
}

export interface SimContainer {
  workload: WorkloadSpec;
  spec: ContainerSpec;
  node: SimNode;
  podName: string;
  podUid: string;
  /** 64 hex characters, without the runtime prefix. */
  id: string;
  imageDigest: string;
  startMs: number;
  shim: SimProcess;
  /** The container's main process: pid 1 inside it, child of the shim, root of the init tree. */
  init: SimProcess;
  nextNsPid: number;
  podIp: string;
}

export interface SimProcess {
  node: NodeClock;
  execId: string;
  pid: number;
  uid: number;
  cwd: string;
  binary: string;
  arguments: string;
  flags: string;
  startMs: number;
  container: SimContainer | undefined;
  /** pid inside the container's pid namespace. */
  nsPid: number | undefined;
  parent: SimProcess | undefined;
  caps: "all" | "container" | "none";
  /** In its container's init tree (descends from the container's main process); undefined on the host. */
  inInitTree: boolean | undefined;
  /** Owner of a setuid binary: the process runs with this effective uid. */
  setuidOwner: number | undefined;
  /** Started by a kubelet exec probe (Tetragon's Container.maybe_exec_probe). */
  maybeExecProbe: boolean;
}

export interface SimCluster {
  nodes: SimNode[];
  containers: SimContainer[];
}

const POD_HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** `jitterNs`: the sub-millisecond part of the kernel start time (0..999,999). */
export function execIdOf(node: NodeClock, startMs: number, pid: number, jitterNs: number): string {
  const ktimeNs = Math.round((startMs - node.bootMs) * 1e6) + jitterNs;
  return Buffer.from(`${node.name}:${ktimeNs}:${pid}`).toString("base64");
}

/** Root (uid 0) inside a container gets the runtime's default capability set. */
function capsFor(container: SimContainer | undefined, euid: number): SimProcess["caps"] {
  if (!container || container.workload.privileged) return "all";
  return euid === 0 ? "container" : "none";
}

/** A new process on `node`, child of `parent`; allocates the next pid of the node. */
export function spawn(
  rng: Rng,
  parent: SimProcess,
  fields: {
    binary: string;
    arguments: string;
    uid: number;
    cwd: string;
    startMs: number;
    setuid?: number | undefined;
    maybeExecProbe?: boolean;
  },
  container: SimContainer | undefined,
): SimProcess {
  const node = parent.node;
  node.nextPid += rng.int(1, 40);
  const pid = node.nextPid;
  return {
    node,
    execId: execIdOf(node, fields.startMs, pid, rng.int(0, 999_999)),
    pid,
    uid: fields.uid,
    cwd: fields.cwd,
    binary: fields.binary,
    arguments: fields.arguments,
    flags: fields.cwd === "/" ? "execve rootcwd clone" : "execve clone",
    startMs: fields.startMs,
    container,
    nsPid: container ? container.nextNsPid++ : undefined,
    parent,
    caps: capsFor(container, fields.setuid ?? fields.uid),
    // Entering a container from outside (runtime exec) starts outside its init tree.
    inInitTree: container ? parent.inInitTree === true : undefined,
    setuidOwner: fields.setuid,
    maybeExecProbe: fields.maybeExecProbe ?? false,
  };
}

/**
 * The container's main process, without drawing from the Rng (see the module comment).
 * `c` becomes the SimContainer once its `init` is assigned (the same object), hence the casts.
 */
function containerInit(c: Omit<SimContainer, "init">): SimProcess {
  const node = c.node;
  node.nextPid += 1;
  const pid = node.nextPid;
  const startMs = c.startMs + 5;
  return {
    node,
    execId: execIdOf(node, startMs, pid, (pid * 7919) % 1_000_000),
    pid,
    uid: c.spec.uid,
    cwd: c.spec.cwd,
    binary: c.spec.entrypoint.binary,
    arguments: c.spec.entrypoint.args,
    // Started with its pod, before the agent: read from /proc, like the shim.
    flags: "procFS auid",
    startMs,
    container: c as SimContainer,
    nsPid: 1,
    parent: c.shim,
    caps: capsFor(c as SimContainer, c.spec.uid),
    inInitTree: true,
    setuidOwner: undefined,
    maybeExecProbe: false,
  };
}

function makeNode(rng: Rng, name: string, index: number, startMs: number): SimNode {
  const bootMs = startMs - rng.int(2 * 3600, 20 * 86400) * 1000;
  const node: NodeClock = {
    name,
    ip: `172.18.0.${index + 2}`,
    bootMs,
    nextPid: rng.int(20_000, 90_000),
  };
  const initStart = bootMs + rng.int(800, 1500);
  const init: SimProcess = {
    node,
    execId: execIdOf(node, initStart, 1, rng.int(0, 999_999)),
    pid: 1,
    uid: 0,
    cwd: "/",
    binary: "/sbin/init",
    arguments: "",
    flags: "procFS auid rootcwd",
    startMs: initStart,
    container: undefined,
    nsPid: undefined,
    parent: undefined,
    caps: "all",
    inInitTree: undefined,
    setuidOwner: undefined,
    maybeExecProbe: false,
  };
  const kubelet = spawn(
    rng,
    init,
    {
      binary: "/usr/bin/kubelet",
      arguments:
        "--config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///run/containerd/containerd.sock",
      uid: 0,
      cwd: "/",
      startMs: bootMs + rng.int(5_000, 20_000),
    },
    undefined,
  );
  kubelet.flags = "procFS auid rootcwd";
  return Object.assign(node, { init, kubelet });
}

function podName(rng: Rng, w: WorkloadSpec, ordinal: number, templateHash: string): string {
  switch (w.kind) {
    case "Deployment":
      return `${w.name}-${templateHash}-${rng.chars(POD_HASH_ALPHABET, 5)}`;
    case "DaemonSet":
      return `${w.name}-${rng.chars(POD_HASH_ALPHABET, 5)}`;
    case "StatefulSet":
      return `${w.name}-${ordinal}`;
  }
}

function uuid(rng: Rng): string {
  return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${rng.pick(["8", "9", "a", "b"])}${rng.hex(3)}-${rng.hex(12)}`;
}

export function buildCluster(rng: Rng, nodeNames: readonly string[], startMs: number): SimCluster {
  const nodes = nodeNames.map((n, i) => makeNode(rng, n, i, startMs));
  // Workloads avoid the control plane when there are workers, like a real scheduler with taints.
  const workers = nodes.length > 1 ? nodes.filter((n) => !n.name.includes("control-plane")) : nodes;
  const containers: SimContainer[] = [];
  let rr = 0;
  for (const w of WORKLOADS) {
    const templateHash = rng.chars(POD_HASH_ALPHABET, 10);
    const placements =
      w.kind === "DaemonSet" ? nodes : Array.from({ length: w.replicas }, () => at(workers, rr++));
    placements.forEach((node, ordinal) => {
      const name = podName(rng, w, ordinal, templateHash);
      const podUid = uuid(rng);
      const podStart = startMs - rng.int(600, 5 * 86400) * 1000;
      for (const spec of w.containers) {
        const id = rng.hex(64);
        const shim = spawn(
          rng,
          node.init,
          {
            binary: "/usr/bin/containerd-shim-runc-v2",
            arguments: `-namespace k8s.io -id ${id} -address /run/containerd/containerd.sock`,
            uid: 0,
            cwd: `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}`,
            startMs: podStart,
          },
          undefined,
        );
        shim.flags = "procFS auid";
        const container = {
          workload: w,
          spec,
          node,
          podName: name,
          podUid,
          id,
          imageDigest: rng.hex(64),
          startMs: podStart + rng.int(200, 3000),
          shim,
          nextNsPid: rng.int(7, 60),
          podIp: `10.244.${nodes.indexOf(node)}.${rng.int(2, 250)}`,
        };
        const init = containerInit(container);
        containers.push(Object.assign(container, { init }));
      }
    });
  }
  return { nodes, containers };
}

function at<T>(items: readonly T[], i: number): T {
  const item = items[i % items.length];
  if (item === undefined) throw new Error("empty list");
  return item;
}
