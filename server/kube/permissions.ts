/**
 * Every Kubernetes API access the gateway makes in `--kube` mode, in one table. Each call site
 * names its entry, error messages quote it (with the `kubectl auth can-i` line to check it),
 * and a test compares this table with the Role in deploy/rbac.yaml and with what the fake API
 * server saw the gateway use — so the RBAC we ask users to grant is exactly what the code uses.
 *
 * WebSocket exec and port-forward are HTTP GETs: Kubernetes authorises them as `get` on the
 * subresource and, since 1.35 (AuthorizePodWebsocketUpgradeCreatePermission), also as
 * `create`. No write verb on any resource, and nothing outside `--kube-namespace`.
 */
export interface KubeAccess {
  readonly verb: "list" | "watch" | "get" | "create";
  readonly resource: "pods" | "pods/exec" | "pods/portforward";
}

export const kubeAccess = {
  listPods: [{ verb: "list", resource: "pods" }],
  watchPods: [{ verb: "watch", resource: "pods" }],
  portForward: [
    { verb: "get", resource: "pods/portforward" },
    { verb: "create", resource: "pods/portforward" },
  ],
  exec: [
    { verb: "get", resource: "pods/exec" },
    { verb: "create", resource: "pods/exec" },
  ],
} as const satisfies Record<string, readonly KubeAccess[]>;

export type KubeAction = keyof typeof kubeAccess;

/** `kubectl auth can-i …` lines that check an action's permissions. */
export function canICommands(action: KubeAction, namespace: string): string[] {
  return kubeAccess[action].map(
    (a) => `kubectl auth can-i ${a.verb} ${a.resource} -n ${namespace}`,
  );
}
