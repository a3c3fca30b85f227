/**
 * A fake Kubernetes cluster running Tetragon as a DaemonSet: the fake API server
 * (api-server.ts) plus one agent pod per node. A "tcp" pod is backed by the demo agent (a
 * real HTTP/2 gRPC server) that port-forward reaches on the agent port; a "unix" pod serves
 * gRPC on a unix socket only (Tetragon ≥ 1.7 default), so port-forward fails the way the
 * kubelet fails and only `tetra getevents -o json` over exec works (fake-tetra.ts).
 *
 * Lifecycle methods mirror what happens to a real DaemonSet: a pod is created Pending and
 * becomes Ready once its agent runs; `deletePod` marks it terminating, stops the agent and
 * removes it; `replacePod` deletes a node's pod and creates a new one with a new name (a
 * rollout or an evicted pod); `restartContainer` keeps the pod but restarts its agent.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { startDemoAgent, type DemoAgent } from "../../demo/agent.js";
import type { EventSource } from "../../demo/event-stream.js";
import { createEventGenerator } from "../../demo/generator.js";
import { type LoopbackPki, makeLoopbackPki } from "../tls-certs.js";
import { FakeApiServer } from "./api-server.js";
import type { PodRuntime } from "./channel-server.js";
import { runTetra, type TetraVersion } from "./fake-tetra.js";
import { type PodJson, PodStore } from "./pod-store.js";
import type { Identity, PolicyRule } from "./rbac.js";

export type PodKind = "tcp" | "unix";

export interface FakeClusterOptions {
  /** One agent pod per entry. */
  nodes: { node: string; kind: PodKind }[];
  namespace?: string;
  /** Events/s per stream (agent GetEvents and exec); default 50. */
  rate?: number;
  seed?: number;
  /** Where the agents' gRPC would listen in the pod; default 54321. */
  agentPort?: number;
  /** The Role's rules for the default user; default: the Role in deploy/rbac.yaml. */
  rules?: PolicyRule[];
  /** Events (JSON lines) that exec streams print instead of generated ones, per node. */
  execLines?: (node: string) => () => string;
  /** The `tetra` in the pods' containers; default "current". */
  tetraVersion?: TetraVersion;
}

export interface FakeCluster {
  api: FakeApiServer;
  store: PodStore;
  pki: LoopbackPki;
  namespace: string;
  /** The default user's bearer token and identity (mutable rules). */
  token: string;
  identity: Identity;
  /** A kubeconfig file (context "fake", plus "elsewhere" naming an unreachable cluster). */
  kubeconfigPath: string;
  podOnNode(node: string): PodJson | undefined;
  addPod(node: string, kind: PodKind): Promise<PodJson>;
  deletePod(name: string): Promise<void>;
  replacePod(node: string): Promise<PodJson>;
  restartContainer(name: string): Promise<void>;
  /** Replaces the token: the old one gets 401 from now on. */
  rotateToken(): string;
  close(): Promise<void>;
}

export const tetragonLabels = {
  "app.kubernetes.io/name": "tetragon",
  "app.kubernetes.io/instance": "tetragon",
};
/** deploy/rbac.yaml, found above this file (from the sources or the built dist-server/). */
export const rbacYamlPath = ((): string => {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "deploy", "rbac.yaml");
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve("deploy", "rbac.yaml");
  }
})();

/** The rules of the Role in deploy/rbac.yaml. */
export async function roleRulesFromYaml(file = rbacYamlPath): Promise<PolicyRule[]> {
  const docs = (await readFile(file, "utf8")).split(/^---$/m).map((d) => parseYaml(d) as unknown);
  const role = docs.find((d) => (d as { kind?: string } | null)?.kind === "Role") as
    { rules: PolicyRule[] } | undefined;
  if (role === undefined) throw new Error(`${file} has no Role`);
  return role.rules;
}

interface Backend {
  kind: PodKind;
  agent?: DemoAgent;
}

export async function startFakeCluster(options: FakeClusterOptions): Promise<FakeCluster> {
  const namespace = options.namespace ?? "kube-system";
  const rate = options.rate ?? 50;
  const agentPort = options.agentPort ?? 54321;
  const seed = options.seed ?? 1;
  const pki = await makeLoopbackPki();
  const store = new PodStore();
  const backends = new Map<string, Backend>();
  let token = randomBytes(16).toString("hex");
  const identity: Identity = {
    user: "fake-user",
    namespace,
    rules: options.rules ?? (await roleRulesFromYaml()),
  };
  const identities = new Map([[token, identity]]);
  let nodeSeed = seed;

  const sourceFor = (node: string) => (): EventSource =>
    createEventGenerator({
      seed: nodeSeed++,
      nodes: [node],
      startTime: Date.now(),
      meanIntervalMs: 1000 / rate,
    });

  const runtime: PodRuntime = {
    connect: (pod, port) => {
      const backend = backends.get(pod.metadata.uid);
      const refused = (): { refused: string } => ({
        refused:
          `error forwarding port ${String(port)} to pod ${pod.metadata.uid}, uid : failed to execute portforward in network namespace ` +
          `"/var/run/netns/cni-${pod.metadata.uid.slice(0, 8)}": failed to connect to localhost:${String(port)} inside namespace ` +
          `"${pod.metadata.uid}", IPv4: dial tcp4 127.0.0.1:${String(port)}: connect: connection refused ` +
          `IPv6 dial tcp6 [::1]:${String(port)}: connect: connection refused `,
      });
      if (backend?.agent === undefined || port !== agentPort) return Promise.resolve(refused());
      const agentTcpPort = backend.agent.port;
      return new Promise((resolve) => {
        const socket = net.connect(agentTcpPort, "127.0.0.1");
        socket.once("connect", () => {
          resolve(socket);
        });
        socket.on("error", () => {
          resolve(refused()); // only the first call counts; later errors just close it
        });
      });
    },
    exec: (pod, container, command, io) => {
      if (container !== "tetragon") {
        return Promise.resolve({
          exitCode: 127,
          message: `exec: "${command[0] ?? ""}": executable file not found in $PATH`,
        });
      }
      const node = pod.spec.nodeName;
      const lines = options.execLines?.(node);
      return runTetra(command, io, {
        source: sourceFor(node),
        rate,
        ...(options.tetraVersion === undefined ? {} : { version: options.tetraVersion }),
        ...(lines === undefined ? {} : { toLine: () => lines() }),
      });
    },
  };

  const api = new FakeApiServer({ pods: store, pki, runtime, identities });
  await api.start();

  const podJson = (node: string, name: string, uid: string): PodJson => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace,
      uid,
      resourceVersion: "",
      labels: { ...tetragonLabels, "controller-revision-hash": "6c8d5f7b9" },
      creationTimestamp: new Date().toISOString(),
    },
    spec: { nodeName: node, containers: [{ name: "export-stdout" }, { name: "tetragon" }] },
    status: {
      phase: "Pending",
      conditions: [{ type: "Ready", status: "False" }],
      containerStatuses: [
        { name: "export-stdout", ready: false, restartCount: 0 },
        { name: "tetragon", ready: false, restartCount: 0 },
      ],
    },
  });
  const withReady = (pod: PodJson, ready: boolean, restarts = 0): PodJson => ({
    ...pod,
    status: {
      phase: "Running",
      podIP: "10.244.0.10",
      conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
      containerStatuses: pod.status.containerStatuses.map((c) => ({
        ...c,
        ready,
        restartCount: c.restartCount + restarts,
      })),
    },
  });
  const startBackend = async (uid: string, node: string, kind: PodKind): Promise<void> => {
    const agent =
      kind === "tcp"
        ? await startDemoAgent({ nodes: [node], seed: nodeSeed++, rate, log: () => undefined })
        : undefined;
    backends.set(uid, { kind, ...(agent === undefined ? {} : { agent }) });
  };
  const stopBackend = async (uid: string): Promise<void> => {
    const backend = backends.get(uid);
    backends.delete(uid);
    await backend?.agent?.close();
  };
  const podOnNode = (node: string): PodJson | undefined =>
    store.list(namespace, "").find((p) => p.spec.nodeName === node);

  const addPod = async (node: string, kind: PodKind): Promise<PodJson> => {
    const name = `tetragon-${randomBytes(3).toString("hex").slice(0, 5)}`;
    const uid = randomUUID();
    const pending = store.put(podJson(node, name, uid));
    await startBackend(uid, node, kind);
    return store.put(withReady(pending, true));
  };
  const deletePod = async (name: string): Promise<void> => {
    const pod = store.get(namespace, name);
    if (pod === undefined) return;
    const terminating = withReady(pod, false);
    terminating.metadata.deletionTimestamp = new Date().toISOString();
    store.put(terminating);
    await stopBackend(pod.metadata.uid);
    store.remove(namespace, name);
  };

  for (const { node, kind } of options.nodes) await addPod(node, kind);

  const dir = await mkdtemp(path.join(os.tmpdir(), "fake-kube-"));
  const kubeconfigPath = path.join(dir, "kubeconfig");
  await writeFile(kubeconfigPath, kubeconfigYaml(api.url, pki.caFile, token, namespace), {
    mode: 0o600,
  });

  return {
    api,
    store,
    pki,
    namespace,
    get token() {
      return token;
    },
    identity,
    kubeconfigPath,
    podOnNode,
    addPod,
    deletePod,
    replacePod: async (node) => {
      const old = podOnNode(node);
      const kind = old === undefined ? "tcp" : (backends.get(old.metadata.uid)?.kind ?? "tcp");
      if (old !== undefined) await deletePod(old.metadata.name);
      return addPod(node, kind);
    },
    restartContainer: async (name) => {
      const pod = store.get(namespace, name);
      if (pod === undefined) throw new Error(`no pod ${name}`);
      const kind = backends.get(pod.metadata.uid)?.kind ?? "tcp";
      store.put(withReady(pod, false));
      await stopBackend(pod.metadata.uid);
      await startBackend(pod.metadata.uid, pod.spec.nodeName, kind);
      const current = store.get(namespace, name) ?? pod;
      store.put(withReady(current, true, 1));
    },
    rotateToken: () => {
      identities.delete(token);
      token = randomBytes(16).toString("hex");
      identities.set(token, identity);
      return token;
    },
    close: async () => {
      await api.stop();
      await Promise.all([...backends.keys()].map(stopBackend));
      await pki.remove();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A kubeconfig like `kind` writes: one cluster with its CA file, a token user, a context. */
export function kubeconfigYaml(
  server: string,
  caFile: string,
  token: string,
  namespace: string,
): string {
  return stringifyYaml({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      { name: "fake", cluster: { server, "certificate-authority": caFile } },
      {
        name: "elsewhere",
        cluster: { server: "https://127.0.0.1:1", "certificate-authority": caFile },
      },
    ],
    users: [{ name: "fake-user", user: { token } }],
    contexts: [
      { name: "fake", context: { cluster: "fake", user: "fake-user", namespace } },
      { name: "elsewhere", context: { cluster: "elsewhere", user: "fake-user" } },
    ],
    "current-context": "fake",
  });
}
