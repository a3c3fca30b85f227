/**
 * Privilege badges: the facts about a process a user must notice, read from the Process
 * message an event carries. Pure; nothing here is shown unless the agent sent it (a missing
 * field gives no badge, never a guess). Each badge has short text for the chip and a
 * description in plain words for its accessible label.
 *
 * - dangerous effective capabilities (dangerous-capabilities.ts), from `cap` and, when the
 *   agent runs with enable-process-cred, `process_credentials.caps`;
 * - host namespaces of a container process (hostPID, hostNetwork, hostIPC, host UTS or mount
 *   namespace). Host processes share them by nature, and the user, cgroup and time
 *   namespaces are shared by most containers, so those give no badge;
 * - setuid/setgid binaries, privileges raised at exec, an effective uid that differs from
 *   the real one;
 * - a container process outside the container's init tree (`in_init_tree` false): it was
 *   started from outside, e.g. by `kubectl exec`.
 */
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import { ProcessPrivilegesChanged } from "../gen/tetragon/capabilities_pb.js";
import type { Process } from "../gen/tetragon/tetragon_pb.js";
import { DANGEROUS_CAPABILITIES } from "./dangerous-capabilities.js";
import { eventParts } from "./event-parts.js";

export type PrivilegeBadgeKind =
  | "capability"
  | "host-namespaces"
  | "setuid"
  | "setgid"
  | "privileges-raised"
  | "uid-changed"
  | "outside-init-tree";

export interface PrivilegeBadge {
  /** Unique within one process's badges: React key and test handle. */
  readonly id: string;
  readonly kind: PrivilegeBadgeKind;
  readonly severity: "high" | "medium";
  /** The chip's text ("CAP_SYS_ADMIN", "host net, pid"). */
  readonly text: string;
  /** Plain words: what the badge means and why it matters. */
  readonly description: string;
}

/** Namespaces whose sharing with the host is a deliberate, risky pod setting. */
const HOST_NAMESPACES: readonly { key: "pid" | "net" | "ipc" | "mnt" | "uts"; why: string }[] = [
  { key: "pid", why: "pid (sees and signals every process on the node)" },
  { key: "net", why: "net (the node's network: host-only ports, all traffic)" },
  { key: "ipc", why: "ipc (the node's shared memory)" },
  { key: "mnt", why: "mnt (the node's filesystem tree)" },
  { key: "uts", why: "uts (can rename the node)" },
];

const RAISED_WHY: Partial<Record<ProcessPrivilegesChanged, string>> = {
  [ProcessPrivilegesChanged.PRIVILEGES_RAISED_EXEC_FILE_CAP]: "file capabilities",
  [ProcessPrivilegesChanged.PRIVILEGES_RAISED_EXEC_FILE_SETUID]: "a setuid binary",
  [ProcessPrivilegesChanged.PRIVILEGES_RAISED_EXEC_FILE_SETGID]: "a setgid binary",
};

function inContainer(p: Process): boolean {
  return p.docker !== "" || (p.pod?.container?.id ?? "") !== "" || (p.pod?.name ?? "") !== "";
}

function capabilityBadges(p: Process): PrivilegeBadge[] {
  const effective = new Set([
    ...(p.cap?.effective ?? []),
    ...(p.processCredentials?.caps?.effective ?? []),
  ]);
  return DANGEROUS_CAPABILITIES.filter((d) => effective.has(d.cap)).map((d) => ({
    id: `cap:${d.name}`,
    kind: "capability",
    severity: d.severity,
    text: d.name,
    description: `Effective ${d.name}: ${d.why}`,
  }));
}

function hostNamespaceBadge(p: Process): PrivilegeBadge[] {
  const ns = p.ns;
  if (ns === undefined || !inContainer(p)) return [];
  const shared = HOST_NAMESPACES.filter((h) => ns[h.key]?.isHost === true);
  if (shared.length === 0) return [];
  return [
    {
      id: "host-namespaces",
      kind: "host-namespaces",
      severity: "high",
      text: `host ${shared.map((h) => h.key).join(", ")}`,
      description: `Container process in the node's own namespaces: ${shared.map((h) => h.why).join("; ")}`,
    },
  ];
}

function credentialBadges(p: Process): PrivilegeBadge[] {
  const out: PrivilegeBadge[] = [];
  const props = p.binaryProperties;
  if (props?.setuid !== undefined) {
    out.push({
      id: "setuid",
      kind: "setuid",
      severity: props.setuid === 0 ? "high" : "medium",
      text: props.setuid === 0 ? "setuid root" : `setuid ${props.setuid}`,
      description: `Ran a setuid binary: it executes as uid ${props.setuid} whoever starts it`,
    });
  }
  if (props?.setgid !== undefined) {
    out.push({
      id: "setgid",
      kind: "setgid",
      severity: "medium",
      text: `setgid ${props.setgid}`,
      description: `Ran a setgid binary: it executes as gid ${props.setgid} whoever starts it`,
    });
  }
  const raised = (props?.privilegesChanged ?? [])
    .map((c) => RAISED_WHY[c])
    .filter((w): w is string => w !== undefined);
  if (raised.length > 0) {
    out.push({
      id: "privileges-raised",
      kind: "privileges-raised",
      severity: "high",
      text: "privileges raised",
      description: `Privileges raised at exec by ${raised.join(" and ")}`,
    });
  }
  const cred = p.processCredentials;
  if (cred?.uid !== undefined && cred.euid !== undefined && cred.uid !== cred.euid) {
    out.push({
      id: "uid-changed",
      kind: "uid-changed",
      severity: cred.euid === 0 ? "high" : "medium",
      text: `euid ${cred.euid} (uid ${cred.uid})`,
      description: `Runs with effective uid ${cred.euid} although its real uid is ${cred.uid}`,
    });
  }
  return out;
}

function initTreeBadge(p: Process): PrivilegeBadge[] {
  if (p.inInitTree !== false || !inContainer(p)) return [];
  return [
    {
      id: "outside-init-tree",
      kind: "outside-init-tree",
      severity: "medium",
      text: "outside init tree",
      description:
        "Started from outside the container's init tree, e.g. by kubectl exec, not by the container's own entrypoint",
    },
  ];
}

/** The badges of one process, most important first; [] for undefined. */
export function privilegeBadges(process: Process | undefined): PrivilegeBadge[] {
  if (process === undefined) return [];
  return [
    ...capabilityBadges(process),
    ...hostNamespaceBadge(process),
    ...credentialBadges(process),
    ...initTreeBadge(process),
  ];
}

/** The badges of the process an event is about ([] for events without one). */
export function eventPrivilegeBadges(res: GetEventsResponse): PrivilegeBadge[] {
  return privilegeBadges(eventParts(res).process);
}
