/**
 * What an AgentSupervisor supervises: something it can dial, probe and describe. A
 * `--tetragon` address is one kind (`targetForAddress`); cluster mode adds others (a
 * Kubernetes port-forward socket, `tetra getevents` over exec) without touching the
 * supervisor or the routes.
 */
import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  AgentStatus,
  AgentStatusSchema,
} from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import type { AgentAddress } from "./agent-address.js";
import { type FailureContext, failureReason, isTransient } from "./agent-reason.js";
import { type AgentConnection, type TlsMaterial, dialAgent } from "./agent-transport.js";

/** The fields of an AgentStatus as `create(AgentStatusSchema, init)` takes them. */
export type AgentStatusInit = Exclude<MessageInitShape<typeof AgentStatusSchema>, AgentStatus>;

export interface AgentTarget {
  /** Unique, stable key ("localhost:54321", "kube:kube-system/tetragon-x2fh6"). */
  readonly id: string;
  /** For logs and status ("localhost:54321", "node-a (pod tetragon-x2fh6)"). */
  readonly display: string;
  /** One new connection per (re)dial. */
  dial(): AgentConnection;
  /** Reachability check with a deadline; default = GetHealth on the connection. */
  probe?(connection: AgentConnection, timeoutMs: number): Promise<void>;
  /** Actionable one-line reason for a failure; default = today's failureReason(address, …). */
  describeFailure?(err: unknown, context: FailureContext): string;
  /** Extra fields merged into this agent's AgentStatus (pod, transport, transport reason…). */
  statusDetails?(): Partial<AgentStatusInit>;
}

/** A `--tetragon` address: gRPC over HTTP/2 on TCP, TLS or a unix socket. */
export function targetForAddress(address: AgentAddress, tls: TlsMaterial | undefined): AgentTarget {
  return {
    id: address.display,
    display: address.display,
    dial: () => dialAgent(address, tls),
    describeFailure: (err, context) =>
      failureReason(address, err, { ...context, tls: tls !== undefined }),
  };
}

/**
 * The default probe: GetHealth with a deadline. Any answer other than a transport failure
 * (even Unimplemented) means the agent is reachable and speaks gRPC.
 */
export async function probeWithGetHealth(
  connection: AgentConnection,
  timeoutMs: number,
): Promise<void> {
  try {
    await connection.client.getHealth({}, { timeoutMs });
  } catch (err) {
    if (isTransient(err)) throw err;
  }
}
