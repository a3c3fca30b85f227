/**
 * What cluster mode needs to know about one Tetragon agent pod, read from a core/v1 Pod.
 * Pure.
 */
import type { V1Pod } from "@kubernetes/client-node";

export interface AgentPod {
  uid: string;
  name: string;
  namespace: string;
  /** The node the pod runs on ("" while unscheduled). */
  node: string;
  /** The Ready condition is True. */
  ready: boolean;
  /** Being deleted (deletionTimestamp set): its agent is going away. */
  terminating: boolean;
  resourceVersion: string;
}

export function agentPodOf(pod: V1Pod): AgentPod | undefined {
  const meta = pod.metadata;
  if (meta?.uid === undefined || meta.name === undefined) return undefined;
  return {
    uid: meta.uid,
    name: meta.name,
    namespace: meta.namespace ?? "",
    node: pod.spec?.nodeName ?? "",
    ready: (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
    terminating: meta.deletionTimestamp !== undefined,
    resourceVersion: meta.resourceVersion ?? "",
  };
}

/** A pod gets a supervisor once it is Ready on a node, until it starts terminating. */
export function wantsSupervisor(pod: AgentPod): boolean {
  return pod.ready && pod.node !== "" && !pod.terminating;
}

/** "node-a (pod tetragon-x2fh6)": how an agent pod is named in status lines and logs. */
export function podDisplay(pod: AgentPod): string {
  return `${pod.node} (pod ${pod.name})`;
}
