/*
 * `npm run demo -- --kube`: cluster mode without a cluster. Starts the fake Kubernetes API
 * server (server/testing/fake-kube: HTTPS, a bearer token, RBAC from deploy/rbac.yaml, exec
 * and port-forward over WebSocket) with one Tetragon pod per node — gRPC on TCP for the first
 * three, unix-socket-only (reached by `tetra getevents` over exec) for the rest — writes its
 * kubeconfig to a temp file, and runs the real gateway with --kube against it.
 */
import { type KubeStack, startKubeStack } from "../testing/fake-kube/kube-stack.js";
import { defaultBackoff } from "../upstream/backoff.js";
import type { DemoConfig } from "./cli-args.js";

export type KubeDemo = KubeStack;

export function startKubeDemo(
  config: DemoConfig,
  staticDir: string,
  log: (line: string) => void,
): Promise<KubeDemo> {
  return startKubeStack(
    {
      nodes: config.nodes.map((node, i) => ({ node, kind: i < 3 ? "tcp" : "unix" })),
      rate: config.rate,
      ...(config.seed === undefined ? {} : { seed: config.seed }),
    },
    // The production defaults, not the tests' short timers.
    {
      host: config.listenHost,
      port: config.listenPort,
      staticDir,
      log,
      backoff: defaultBackoff,
      healthIntervalMs: 15_000,
    },
    { discoveryBackoff: defaultBackoff },
  );
}

/** What to tell the newcomer about the fake cluster. */
export function kubeDemoBanner(demo: KubeDemo): string[] {
  const pods = demo.cluster.store.list(demo.cluster.namespace, "");
  return [
    `Fake Kubernetes API server at ${demo.cluster.api.url} with ${String(pods.length)} Tetragon pods:`,
    ...pods.map(
      (p, i) =>
        `  ${p.spec.nodeName}: pod ${p.metadata.name} (${i < 3 ? "gRPC on TCP 54321: port-forward" : "unix socket only: exec tetra getevents"})`,
    ),
    `Its kubeconfig: ${demo.cluster.kubeconfigPath}`,
    `Try the real CLI against it: KUBECONFIG=${demo.cluster.kubeconfigPath} npm start -- --kube --listen 127.0.0.1:8081`,
  ];
}
