/**
 * The AgentTarget of one node's Tetragon agent in cluster mode. The target follows the
 * node's current agent pod (discovery sets it), so a pod that is replaced — a rollout, an
 * eviction, a crash — is one outage of one supervisor: the old pod's streams break, the gap
 * opens, the new pod is dialled, the gap closes and the page shows one gap row for the node.
 *
 * Transport, chosen per pod on the first probe and kept while the pod lives:
 * - port-forward (pods/portforward to the agent's gRPC port): full gRPC, unary calls too;
 * - exec (`tetra getevents -o json`) when the kubelet says nothing listens on that port
 *   (Tetragon ≥ 1.7 serves gRPC on a unix socket) or port-forward is forbidden.
 * A transient failure (network, API server restart) decides nothing: the probe fails and the
 * supervisor retries with backoff. The status carries node, pod, transport and the reason.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { AgentTransport } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import type { FailureContext } from "../upstream/agent-reason.js";
import { genericFailureReason, shortError } from "../upstream/agent-reason.js";
import {
  type AgentStatusInit,
  type AgentTarget,
  probeWithGetHealth,
} from "../upstream/agent-target.js";
import { type AgentConnection, dialAgentOverSocket } from "../upstream/agent-transport.js";
import type { AgentPod } from "./agent-pod.js";
import { dialExec, execTransportName, probeExec } from "./exec-connection.js";
import { ExecFailedError } from "./exec-stream.js";
import { type KubeContext, describeKubeFailure, httpFailure } from "./kube-errors.js";
import { PortForwardError, openPortForward } from "./port-forward-socket.js";

export interface NodeTargetOptions {
  kc: KubeConfig;
  context: KubeContext;
  node: string;
  /** The agent's gRPC port inside the pod (--kube-port). */
  port: number;
  log(line: string): void;
}

interface Choice {
  uid: string;
  transport: "port-forward" | "exec";
  reason: string;
}

/** No Ready agent pod on the node right now (deleted, terminating, not yet replaced). */
export class NoPodError extends Error {}

/** Neither transport works for this pod; the message says why for each. */
export class NoTransportError extends Error {}

export class NodeTarget implements AgentTarget {
  readonly id: string;
  readonly display: string;
  private pod: AgentPod | undefined;
  private podGone = "";
  private choice: Choice | undefined;
  private readWarnings = "";

  constructor(private readonly opts: NodeTargetOptions) {
    this.id = `kube:${opts.context.namespace}/node/${opts.node}`;
    this.display = opts.node;
  }

  /** The node's current agent pod (undefined: none; `why` says what happened to the last). */
  setPod(pod: AgentPod | undefined, why = ""): void {
    if (pod?.uid !== this.pod?.uid && pod !== undefined) this.readWarnings = "";
    this.pod = pod;
    this.podGone = pod === undefined ? why : "";
  }

  currentPod(): AgentPod | undefined {
    return this.pod;
  }

  dial(): AgentConnection {
    const pod = this.pod;
    if (pod === undefined) {
      throw new NoPodError(
        `No Ready Tetragon pod on node ${this.opts.node}${this.podGone === "" ? "" : ` (${this.podGone})`}; waiting for one.`,
      );
    }
    return new PodConnection(this, pod);
  }

  async probe(connection: AgentConnection, timeoutMs: number): Promise<void> {
    if (!(connection instanceof PodConnection)) throw new Error("not a pod connection");
    await connection.probe(timeoutMs);
  }

  describeFailure(err: unknown, ctx: FailureContext): string {
    const where =
      this.pod === undefined ? this.opts.node : `${this.opts.node} (pod ${this.pod.name})`;
    if (err instanceof NoPodError || err instanceof NoTransportError) return err.message;
    if (err instanceof PortForwardError)
      return `Port-forward to ${where} failed: ${err.kubeletMessage}`;
    if (err instanceof ExecFailedError) {
      return err.exited
        ? `tetra getevents in ${where} exited: ${err.message}. Reconnecting.`
        : `The exec stream of ${where} ended: ${err.message}. Reconnecting.`;
    }
    const http = httpFailure(err);
    if (http !== undefined) {
      const action = this.choice?.transport === "exec" ? "exec" : "portForward";
      return describeKubeFailure(http, action, this.opts.context);
    }
    return genericFailureReason(where, err, ctx);
  }

  statusDetails(): Partial<AgentStatusInit> {
    const pod = this.pod;
    const choice =
      this.choice !== undefined && this.choice.uid === pod?.uid ? this.choice : undefined;
    return {
      nodeName: this.opts.node,
      pod: pod === undefined ? "" : `${pod.namespace}/${pod.name}`,
      transport:
        choice === undefined
          ? AgentTransport.UNSPECIFIED
          : choice.transport === "exec"
            ? AgentTransport.EXEC
            : AgentTransport.PORT_FORWARD,
      transportReason: choice?.reason ?? "",
      readWarnings: this.readWarnings,
    };
  }

  /** The transport already chosen for the pod `uid`, if any. */
  knownChoice(uid: string): Choice | undefined {
    return this.choice?.uid === uid ? this.choice : undefined;
  }

  /** Chooses the transport of `connection`'s pod, leaving it bound and probed. */
  async decideFor(connection: PodConnection, timeoutMs: number): Promise<void> {
    const choice = await decide(connection, timeoutMs, this.opts);
    this.choice = choice;
    this.opts.log(
      `agent ${this.display}: pod ${connection.pod.name} via ${choice.transport}: ${choice.reason}`,
    );
  }

  /** The exec reader's summary: in the status at once, in the log when a stream ends. */
  noteReadSummary(summary: string, final: boolean): void {
    if (summary === "") return;
    this.readWarnings = summary;
    if (final) this.opts.log(`agent ${this.display}: exec stream: ${summary}`);
  }

  kubeOptions() {
    return this.opts;
  }
}

/**
 * One dial of a node's agent: the transport is bound on the first probe. Until then it has no
 * client; the supervisor hands it to browser streams only after a successful probe.
 */
export class PodConnection implements AgentConnection {
  private inner: AgentConnection | undefined;
  private aborted: Error | undefined;
  /** The last port-forward socket error (connect's errors may not keep it as a cause). */
  lastSocketError: Error | undefined;

  constructor(
    private readonly target: NodeTarget,
    readonly pod: AgentPod,
  ) {}

  private bound(): AgentConnection {
    if (this.inner === undefined) throw new Error("connection used before its probe");
    return this.inner;
  }

  get client(): AgentConnection["client"] {
    return this.bound().client;
  }
  get unary(): boolean {
    return this.inner?.unary ?? false;
  }
  get transport(): string {
    return this.inner?.transport ?? "Kubernetes (transport not chosen yet)";
  }
  /** The bound transport's connection-loss signal (port-forward gRPC has one, exec not). */
  get lost(): AbortSignal | undefined {
    return this.inner?.lost;
  }

  getEventMessages(...args: Parameters<AgentConnection["getEventMessages"]>) {
    return this.bound().getEventMessages(...args);
  }

  abort(reason: Error): void {
    this.aborted = reason;
    this.inner?.abort(reason);
  }

  /** Binds a transport on the first call; later calls are health checks of the bound one. */
  async probe(timeoutMs: number): Promise<void> {
    if (this.inner === undefined) {
      const known = this.target.knownChoice(this.pod.uid);
      // The first dial of a pod decides its transport (and probes it while deciding).
      if (known === undefined) {
        await this.target.decideFor(this, timeoutMs);
        return;
      }
      const bound = this.bind(known.transport);
      if (known.transport === "exec") await probeExec(this.execOptions(), timeoutMs);
      else await probeWithGetHealth(bound, timeoutMs);
      return;
    }
    if (this.target.currentPod()?.uid !== this.pod.uid) {
      throw new NoPodError(`pod ${this.pod.name} is no longer the agent pod of its node`);
    }
    if (this.inner.unary) await probeWithGetHealth(this.inner, timeoutMs);
  }

  /** Makes `transport` this connection's (closing one bound before). */
  bind(transport: "port-forward" | "exec"): AgentConnection {
    this.inner?.abort(new Error(`switching to ${transport}`));
    const o = this.target.kubeOptions();
    this.inner =
      transport === "exec"
        ? dialExec(this.execOptions())
        : dialAgentOverSocket(
            () =>
              openPortForward(
                o.kc,
                { namespace: this.pod.namespace, pod: this.pod.name, port: o.port },
                (err) => {
                  this.lastSocketError = err;
                },
              ),
            `port-forward to ${this.pod.name}:${String(o.port)}`,
          );
    if (this.aborted !== undefined) this.inner.abort(this.aborted);
    return this.inner;
  }

  private execOptions() {
    const o = this.target.kubeOptions();
    return {
      kc: o.kc,
      namespace: this.pod.namespace,
      pod: this.pod.name,
      onReadSummary: (summary: string, final: boolean) => {
        this.target.noteReadSummary(summary, final);
      },
    };
  }
}

/**
 * Port-forward first (full gRPC); exec when the kubelet says nothing listens on the port or
 * port-forward is forbidden. Throws on transient failures (decide again on the next dial)
 * and when neither works (NoTransportError naming both reasons).
 */
async function decide(
  connection: PodConnection,
  timeoutMs: number,
  o: NodeTargetOptions,
): Promise<Choice> {
  const uid = connection.pod.uid;
  const grpc = connection.bind("port-forward");
  let whyNotPortForward: string;
  try {
    await probeWithGetHealth(grpc, timeoutMs);
    return {
      uid,
      transport: "port-forward",
      reason: `the agent serves gRPC on TCP port ${String(o.port)} in the pod (full gRPC, unary calls too)`,
    };
  } catch (err) {
    const socketError = connection.lastSocketError ?? err;
    const http = httpFailure(socketError);
    if (socketError instanceof PortForwardError && socketError.refused) {
      whyNotPortForward = `nothing listens on TCP port ${String(o.port)} in the pod (since Tetragon 1.7 gRPC is a unix socket by default)`;
    } else if (http?.status === 403) {
      whyNotPortForward = describeKubeFailure(http, "portForward", o.context);
    } else {
      throw socketError;
    }
  }
  try {
    await probeExec(
      { kc: o.kc, namespace: connection.pod.namespace, pod: connection.pod.name },
      timeoutMs,
    );
  } catch (err) {
    const http = httpFailure(err);
    if (http === undefined) throw err;
    throw new NoTransportError(
      `Cannot reach the agent in pod ${connection.pod.name} on ${o.node}: port-forward: ${whyNotPortForward}; ` +
        `exec: ${http.status === 403 ? describeKubeFailure(http, "exec", o.context) : shortError(err)}`,
    );
  }
  connection.bind("exec");
  return { uid, transport: "exec", reason: `${execTransportName}: ${whyNotPortForward}` };
}
