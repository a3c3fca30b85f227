/**
 * Cluster mode's agents: pod discovery drives the gateway's AgentSet, one supervisor per node
 * (NodeTarget follows the node's current Tetragon pod).
 *
 * Data flow: PodDiscovery → `upsert`/`remove` → per node: create the supervisor on the first
 * Ready pod, point the target at the node's current pod, clear it when that pod terminates or
 * is deleted (the supervisor then reports the outage and its gap), and remove the supervisor
 * from the set when no new pod came for `retireAfterMs` (the node left; its status stays
 * while the set remembers it). Discovery's own problems (no credentials accepted, a missing
 * permission, no matching pod) are one extra status line (transport DISCOVERY).
 *
 * Invariants: at most one supervisor per node; the same pod seen again (a re-list after 410
 * Gone, a resumed watch) changes nothing.
 */
import { create } from "@bufbuild/protobuf";
import type { KubeConfig } from "@kubernetes/client-node";
import {
  AgentState,
  type AgentStatus,
  AgentStatusSchema,
  AgentTransport,
} from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import type { AgentSet } from "../upstream/agent-set.js";
import type { AgentSupervisor } from "../upstream/agent-supervisor.js";
import type { AgentTarget } from "../upstream/agent-target.js";
import type { BackoffConfig } from "../upstream/backoff.js";
import { type Cancel, type Clock, realClock } from "../upstream/clock.js";
import { type AgentPod, wantsSupervisor } from "./agent-pod.js";
import type { KubeContext } from "./kube-errors.js";
import { type DiscoveryState, PodDiscovery } from "./pod-discovery.js";
import { NodeTarget } from "./node-target.js";

export interface ClusterAgentsOptions {
  kc: KubeConfig;
  context: KubeContext;
  /** kubeconfig context name, for messages. */
  contextName: string;
  selector: string;
  port: number;
  agents: AgentSet;
  supervisorFor: (target: AgentTarget) => AgentSupervisor;
  log: (line: string) => void;
  clock?: Clock;
  /** How long a node without an agent pod keeps its supervisor; default 5 minutes. */
  retireAfterMs?: number;
  /** Discovery retry tuning (tests shorten it). */
  backoff?: BackoffConfig;
}

interface NodeEntry {
  target: NodeTarget;
  supervisor: AgentSupervisor;
  cancelRetire?: Cancel;
}

export class ClusterAgents {
  private readonly nodes = new Map<string, NodeEntry>();
  private readonly discovery: PodDiscovery;
  private readonly clock: Clock;
  private state: DiscoveryState = { problem: "", listed: false };
  private reportedNoPods = false;

  constructor(private readonly opts: ClusterAgentsOptions) {
    this.clock = opts.clock ?? realClock;
    this.discovery = new PodDiscovery({
      kc: opts.kc,
      context: opts.context,
      selector: opts.selector,
      onUpsert: (pod) => {
        this.upsert(pod);
      },
      onRemove: (pod) => {
        this.podGone(pod, `pod ${pod.name} was deleted`);
      },
      onState: (state) => {
        this.state = state;
        this.noteNoPods();
      },
      log: opts.log,
      clock: this.clock,
      ...(opts.backoff === undefined ? {} : { backoff: opts.backoff }),
    });
  }

  start(): void {
    this.discovery.start();
  }

  close(): void {
    this.discovery.close();
    for (const e of this.nodes.values()) e.cancelRetire?.();
  }

  /** Nodes with a supervisor (for tests and the log). */
  nodeNames(): string[] {
    return [...this.nodes.keys()].sort();
  }

  /** Discovery's own status line, when it has something to say. */
  statuses(): AgentStatus[] {
    const { namespace } = this.opts.context;
    const where = `pods in namespace ${namespace} matching ${this.opts.selector}`;
    const line = (state: AgentState, reason: string): AgentStatus[] => [
      create(AgentStatusSchema, {
        address: `Kubernetes: ${where}`,
        state,
        reason,
        transport: AgentTransport.DISCOVERY,
      }),
    ];
    if (this.state.problem !== "") return line(AgentState.RECONNECTING, this.state.problem);
    if (!this.state.listed) return line(AgentState.CONNECTING, `Listing ${where}…`);
    if (this.discovery.snapshot().length === 0) return line(AgentState.IDLE, this.noPodsReason());
    return [];
  }

  private noPodsReason(): string {
    const { namespace } = this.opts.context;
    return (
      `No pod matches --kube-selector ${this.opts.selector} in --kube-namespace ${namespace} ` +
      `(context ${this.opts.contextName}). Is Tetragon installed there? Check with ` +
      `\`kubectl get pods -n ${namespace} -l ${this.opts.selector}\`.`
    );
  }

  private noteNoPods(): void {
    const none = this.state.listed && this.discovery.snapshot().length === 0;
    if (none && !this.reportedNoPods) this.opts.log(`--kube: ${this.noPodsReason()}`);
    this.reportedNoPods = none;
  }

  private upsert(pod: AgentPod): void {
    const entry = this.nodes.get(pod.node);
    const current = entry?.target.currentPod();
    if (pod.terminating) {
      if (current?.uid === pod.uid) this.podGone(pod, `pod ${pod.name} is terminating`);
      return;
    }
    if (!wantsSupervisor(pod)) {
      // Not Ready (e.g. its container restarts): the supervisor sees the outage by itself.
      if (current?.uid === pod.uid) entry?.target.setPod(pod);
      return;
    }
    if (entry === undefined) {
      const target = new NodeTarget({
        kc: this.opts.kc,
        context: this.opts.context,
        node: pod.node,
        port: this.opts.port,
        log: this.opts.log,
      });
      target.setPod(pod);
      const supervisor = this.opts.supervisorFor(target);
      this.nodes.set(pod.node, { target, supervisor });
      this.opts.agents.add(supervisor);
      this.noteNoPods();
      return;
    }
    entry.cancelRetire?.();
    delete entry.cancelRetire;
    entry.target.setPod(pod);
  }

  private podGone(pod: AgentPod, why: string): void {
    const entry = this.nodes.get(pod.node);
    if (entry?.target.currentPod()?.uid !== pod.uid) return;
    entry.target.setPod(undefined, why);
    entry.cancelRetire?.();
    entry.cancelRetire = this.clock.setTimeout(() => {
      if (this.nodes.get(pod.node) !== entry || entry.target.currentPod() !== undefined) return;
      this.nodes.delete(pod.node);
      this.opts.agents.remove(entry.supervisor, `${why}; no new Tetragon pod on node ${pod.node}`);
    }, this.opts.retireAfterMs ?? 300_000);
    this.noteNoPods();
  }
}
