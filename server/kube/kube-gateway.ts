/**
 * `--kube`: the gateway with cluster mode's agents. Loads the Kubernetes credentials, starts
 * the gateway on an AgentSet (plus any `--tetragon` agents), then lets ClusterAgents add and
 * remove one supervisor per node as discovery finds the Tetragon pods.
 */
import { type Gateway, type GatewayOptions, startGateway } from "../gateway.js";
import { AgentSet } from "../upstream/agent-set.js";
import type { BackoffConfig } from "../upstream/backoff.js";
import { ClusterAgents } from "./cluster-agents.js";
import { loadKubeConfig } from "./kube-config.js";

export interface KubeModeOptions {
  /** kubeconfig context (--context); default the current one. */
  context?: string;
  namespace: string;
  selector: string;
  /** The agent's gRPC port inside the pod (--kube-port). */
  port: number;
  /** Where KUBECONFIG / HOME / KUBERNETES_SERVICE_HOST are read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Prefix of the service-account files (tests). */
  serviceAccountRoot?: string;
  retireAfterMs?: number;
  discoveryBackoff?: BackoffConfig;
}

export interface KubeGateway extends Gateway {
  cluster: ClusterAgents;
  /** "KUBECONFIG /path (context fake, https://…)": for the startup line. */
  kubeDescription: string;
}

export async function startKubeGateway(
  options: GatewayOptions,
  kube: KubeModeOptions,
): Promise<KubeGateway> {
  const loaded = loadKubeConfig({
    env: kube.env,
    ...(kube.context === undefined ? {} : { context: kube.context }),
    ...(kube.serviceAccountRoot === undefined
      ? {}
      : { serviceAccountRoot: kube.serviceAccountRoot }),
  });
  if ("error" in loaded) throw new Error(loaded.error);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // The discovery status line needs the cluster, which needs the started gateway's set.
  const late: { cluster?: ClusterAgents } = {};
  const gateway = await startGateway({
    ...options,
    agentSet: options.agentSet ?? new AgentSet(),
    extraStatuses: () => late.cluster?.statuses() ?? [],
  });
  const cluster = new ClusterAgents({
    kc: loaded.kc,
    context: { server: loaded.server, namespace: kube.namespace, inCluster: loaded.inCluster },
    contextName: loaded.context,
    selector: kube.selector,
    port: kube.port,
    agents: gateway.agents,
    supervisorFor: (target) => gateway.supervisorFor(target),
    log,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(kube.retireAfterMs === undefined ? {} : { retireAfterMs: kube.retireAfterMs }),
    ...(kube.discoveryBackoff === undefined ? {} : { backoff: kube.discoveryBackoff }),
  });
  late.cluster = cluster;
  cluster.start();
  return {
    ...gateway,
    cluster,
    kubeDescription: `${loaded.source} (context ${loaded.context}, ${loaded.server})`,
    close: async () => {
      cluster.close();
      await gateway.close();
    },
  };
}
