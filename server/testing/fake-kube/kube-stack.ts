/**
 * A fake cluster plus the real gateway in `--kube` mode against it, on loopback ports, with
 * short backoff so tests wait for conditions, not for timers (the demo and the bench pass
 * the production defaults). For tests, bench, e2e and `npm run demo -- --kube`.
 */
import { startKubeGateway, type KubeGateway } from "../../kube/kube-gateway.js";
import type { GatewayOptions } from "../../gateway.js";
import type { BackoffConfig } from "../../upstream/backoff.js";
import { type FakeCluster, type FakeClusterOptions, startFakeCluster } from "./fake-cluster.js";

export interface KubeStack {
  cluster: FakeCluster;
  /** How long starting the fake cluster took (the gateway started after it). */
  clusterStartMs: number;
  gateway: KubeGateway;
  logs: string[];
  close(): Promise<void>;
}

export const fastBackoff = { initialMs: 20, maxMs: 300, shortOutageMs: 10_000, shortMaxMs: 200 };

export interface KubeGatewayTuning {
  retireAfterMs?: number;
  selector?: string;
  env?: Record<string, string>;
  serviceAccountRoot?: string;
  /** Discovery retry tuning; default fastBackoff (tests). */
  discoveryBackoff?: BackoffConfig;
}

/**
 * The real gateway in `--kube` mode against a fake cluster that is already up (here, or in
 * another process: the bench), its lines collected in `logs`.
 */
export function startGatewayOnCluster(
  cluster: Pick<FakeCluster, "namespace" | "kubeconfigPath">,
  logs: string[],
  gatewayOptions: Partial<GatewayOptions> = {},
  kube: KubeGatewayTuning = {},
): Promise<KubeGateway> {
  return startKubeGateway(
    {
      agents: [],
      port: 0,
      staticDir: "dist",
      log: (line) => logs.push(line),
      backoff: fastBackoff,
      healthIntervalMs: 60_000,
      ...gatewayOptions,
    },
    {
      namespace: cluster.namespace,
      selector: kube.selector ?? "app.kubernetes.io/name=tetragon",
      port: 54321,
      env: kube.env ?? { KUBECONFIG: cluster.kubeconfigPath },
      discoveryBackoff: kube.discoveryBackoff ?? fastBackoff,
      ...(kube.retireAfterMs === undefined ? {} : { retireAfterMs: kube.retireAfterMs }),
      ...(kube.serviceAccountRoot === undefined
        ? {}
        : { serviceAccountRoot: kube.serviceAccountRoot }),
    },
  );
}

export async function startKubeStack(
  clusterOptions: FakeClusterOptions,
  gatewayOptions: Partial<GatewayOptions> = {},
  kube: KubeGatewayTuning & {
    /** Runs once the cluster is up, before the gateway starts (e.g. write in-cluster files). */
    beforeGateway?: (cluster: FakeCluster) => Promise<void>;
  } = {},
): Promise<KubeStack> {
  const t0 = performance.now();
  const cluster = await startFakeCluster(clusterOptions);
  const clusterStartMs = performance.now() - t0;
  const logs: string[] = [];
  try {
    await kube.beforeGateway?.(cluster);
    const gateway = await startGatewayOnCluster(cluster, logs, gatewayOptions, kube);
    return {
      cluster,
      clusterStartMs,
      gateway,
      logs,
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
