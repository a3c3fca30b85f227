/**
 * Loads Kubernetes credentials the way kubectl does, through @kubernetes/client-node:
 * `KUBECONFIG` (a path list, merged; missing files skipped), else `~/.kube/config`, else the
 * in-cluster service account (CA and API address from the pod's environment, the token
 * re-read whenever its file is rotated: service-account-token.ts). `--context NAME` picks a context. Every failure is one actionable line.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { ServiceAccountToken, tokenProviderName } from "./service-account-token.js";

type Env = Readonly<Record<string, string | undefined>>;

export interface LoadedKubeConfig {
  kc: KubeConfig;
  /** For the startup line: where the credentials came from. */
  source: string;
  server: string;
  context: string;
  inCluster: boolean;
}

export interface KubeConfigOptions {
  context?: string;
  env: Env;
  /** Prefix of the service-account files (tests); default "" (the real /var/run/secrets/…). */
  serviceAccountRoot?: string;
}

export const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

export function loadKubeConfig(options: KubeConfigOptions): LoadedKubeConfig | { error: string } {
  const { env } = options;
  const kc = new KubeConfig();
  let source: string;
  let inCluster = false;
  try {
    const listed = (env["KUBECONFIG"] ?? "").split(path.delimiter).filter((f) => f !== "");
    const home = env["HOME"] ?? env["USERPROFILE"];
    const homeConfig = home === undefined ? undefined : path.join(home, ".kube", "config");
    const root = options.serviceAccountRoot ?? "";
    if (listed.length > 0) {
      const files = listed.filter((f) => existsSync(f));
      if (files.length === 0) {
        return { error: `KUBECONFIG names no file that exists (${listed.join(path.delimiter)}).` };
      }
      const [first, ...rest] = files as [string, ...string[]];
      kc.loadFromFile(first);
      for (const file of rest) {
        const more = new KubeConfig();
        more.loadFromFile(file);
        kc.mergeConfig(more, true);
      }
      source = `KUBECONFIG ${files.join(path.delimiter)}`;
    } else if (homeConfig !== undefined && existsSync(homeConfig)) {
      kc.loadFromFile(homeConfig);
      source = homeConfig;
    } else if (
      env["KUBERNETES_SERVICE_HOST"] !== undefined &&
      existsSync(`${root}${serviceAccountDir}/token`)
    ) {
      kc.loadFromCluster(root);
      const cluster = kc.getCurrentCluster();
      if (cluster === null) throw new Error("in-cluster configuration has no cluster");
      // Our token provider instead of client-node's (which re-reads once a minute).
      const tokenPath = `${root}${serviceAccountDir}/token`;
      kc.loadFromClusterAndUser(cluster, {
        name: "in-cluster-service-account",
        authProvider: { name: tokenProviderName, config: { path: tokenPath } },
      });
      kc.addAuthenticator(new ServiceAccountToken(tokenPath));
      source = "the in-cluster service account";
      inCluster = true;
    } else {
      return {
        error:
          "--kube: no Kubernetes credentials found: set KUBECONFIG, create ~/.kube/config " +
          "(e.g. `kind export kubeconfig`, `gcloud container clusters get-credentials …`), " +
          "or run the gateway in a pod with a service account (deploy/).",
      };
    }
  } catch (err) {
    return { error: `--kube: cannot read the kubeconfig: ${(err as Error).message}` };
  }

  if (options.context !== undefined) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(options.context)) {
      return {
        error: `--context "${options.context}" is not in ${source} (contexts: ${names.join(", ") || "none"}).`,
      };
    }
    kc.setCurrentContext(options.context);
  }
  const context = kc.getCurrentContext();
  const cluster = kc.getCurrentCluster();
  if (context === "" || cluster === null) {
    return {
      error: `--kube: ${source} has no current context with a cluster: pick one with --context NAME (\`kubectl config get-contexts\`).`,
    };
  }
  return { kc, source, server: cluster.server, context, inCluster };
}
