/*
 * `npm run demo -- --kube`: cluster mode without a cluster. Starts the fake Kubernetes API
 * server (server/testing/fake-kube: HTTPS, a bearer token, RBAC from deploy/rbac.yaml, exec
 * and port-forward over WebSocket) with one Tetragon pod per node — gRPC on TCP for the first
 * three, unix-socket-only (reached by `tetra getevents` over exec) for the rest — writes its
 * kubeconfig to a temp file, and runs the real gateway with --kube against it.
 */
import { startKubeGateway, type KubeGateway } from "../kube/kube-gateway.js";
import { type FakeCluster, startFakeCluster } from "../testing/fake-kube/fake-cluster.js";
import type { DemoConfig } from "./cli-args.js";

export interface KubeDemo {
  cluster: FakeCluster;
  gateway: KubeGateway;
  close(): Promise<void>;
}

export async function startKubeDemo(
  config: DemoConfig,
  staticDir: string,
  log: (line: string) => void,
): Promise<KubeDemo> {
  const cluster = await startFakeCluster({
    nodes: config.nodes.map((node, i) => ({ node, kind: i < 3 ? "tcp" : "unix" })),
    rate: config.rate,
    ...(config.seed === undefined ? {} : { seed: config.seed }),
  });
  try {
    const gateway = await startKubeGateway(
      { agents: [], host: config.listenHost, port: config.listenPort, staticDir, log },
      {
        namespace: cluster.namespace,
        selector: "app.kubernetes.io/name=tetragon",
        port: 54321,
        env: { KUBECONFIG: cluster.kubeconfigPath },
      },
    );
    return {
      cluster,
      gateway,
      close: async () => {
        await gateway.close();
        await cluster.close();
      },
    };
  } catch (err) {
    await cluster.close();
    throw err;
  }
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
