/*
 * The simulated cluster, built once per generator from the seed: nodes (boot time, pid
 * counter, init and kubelet), pods spread over the nodes, and one long-lived runtime shim
 * per container. `SimProcess` is the generator's own process record; process-proto.ts
 * turns it into the API's Process. Invariant: pids only grow per node, so exec ids
 * ("node:ktime:pid") never repeat.
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
}

export interface SimCluster {
  nodes: SimNode[];
  containers: SimContainer[];
}

const POD_HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export function execIdOf(node: NodeClock, startMs: number, pid: number, rng: Rng): string {
  const ktimeNs = Math.round((startMs - node.bootMs) * 1e6) + rng.int(0, 999_999);
  return Buffer.from(`${node.name}:${ktimeNs}:${pid}`).toString("base64");
}

/** A new process on `node`, child of `parent`; allocates the next pid of the node. */
export function spawn(
  rng: Rng,
  parent: SimProcess,
  fields: { binary: string; arguments: string; uid: number; cwd: string; startMs: number },
  container: SimContainer | undefined,
): SimProcess {
  const node = parent.node;
  node.nextPid += rng.int(1, 40);
  const pid = node.nextPid;
  const caps = container
    ? container.workload.privileged
      ? "all"
      : fields.uid === 0
        ? "container"
        : "none"
    : "all";
  return {
    node,
    execId: execIdOf(node, fields.startMs, pid, rng),
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
    caps,
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
    execId: execIdOf(node, initStart, 1, rng),
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
        containers.push({
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
        });
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
