/**
 * The ingest worker's RPC edge: one gRPC-Web transport and the GetStatus client, created once
 * by the worker's composition root (src/ingest/main.ts). Everything past this file sees plain
 * functions and the wire types of src/protocol, not generated code. (GetEvents itself is read
 * as encoded bytes by grpc-web-frames.ts; `getEvents` here serves the tests' fake gateway.)
 */
import { create } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { createClient, type Transport } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { GetEventsRequestSchema, type GetEventsResponse } from "../gen/tetragon/events_pb";
import { FineGuidanceSensors } from "../gen/tetragon/sensors_pb";
import {
  AgentState,
  AgentTransport,
  GatewayService,
  type AgentStatus,
} from "../gen/tetragon_dashboard/v1/gateway_pb";
import type {
  AgentState as AgentStateView,
  AgentStatusView,
  AgentTransportView,
} from "../protocol/protocol";

export interface DashboardApi {
  /** Opens GetEvents (all events; filtering happens in the browser over the buffer). */
  getEvents(signal: AbortSignal, onOpen: () => void): AsyncIterable<GetEventsResponse>;
  getStatus(signal: AbortSignal): Promise<readonly AgentStatusView[]>;
}

export function createTransport(baseUrl: string): Transport {
  return createGrpcWebTransport({ baseUrl, useBinaryFormat: true });
}

export function createDashboardApi(transport: Transport): DashboardApi {
  const sensors = createClient(FineGuidanceSensors, transport);
  const gateway = createClient(GatewayService, transport);
  return {
    getEvents(signal, onOpen) {
      return sensors.getEvents(create(GetEventsRequestSchema), { signal, onHeader: onOpen });
    },
    async getStatus(signal) {
      const res = await gateway.getStatus({}, { signal });
      return res.agents.map(toAgentStatusView);
    },
  };
}

function stateName(state: AgentState): AgentStateView {
  switch (state) {
    case AgentState.CONNECTING:
      return "connecting";
    case AgentState.CONNECTED:
      return "connected";
    case AgentState.RECONNECTING:
      return "reconnecting";
    case AgentState.IDLE:
      return "idle";
    case AgentState.STOPPED:
      return "stopped";
    case AgentState.UNSPECIFIED:
      return "unknown";
  }
}

function transportName(transport: AgentTransport): AgentTransportView {
  switch (transport) {
    case AgentTransport.GRPC:
      return "grpc";
    case AgentTransport.PORT_FORWARD:
      return "port-forward";
    case AgentTransport.EXEC:
      return "exec";
    case AgentTransport.DISCOVERY:
      return "discovery";
    case AgentTransport.UNSPECIFIED:
      return "";
  }
}

export function toAgentStatusView(agent: AgentStatus): AgentStatusView {
  return {
    address: agent.address,
    nodeName: agent.nodeName,
    state: stateName(agent.state),
    reason: agent.reason,
    retryInMs: agent.retryInMs,
    pod: agent.pod,
    transport: transportName(agent.transport),
    transportReason: agent.transportReason,
    attempt: agent.attempt,
    eventsPerSec: agent.eventsPerSec,
    lastError: agent.lastError,
    gaps: agent.gaps.map((gap) => ({
      startMs: gap.start ? timestampMs(gap.start) : Number.NaN,
      endMs: gap.end ? timestampMs(gap.end) : undefined,
      reason: gap.reason,
    })),
  };
}
