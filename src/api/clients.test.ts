import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  AgentState,
  AgentStatusSchema,
  AgentTransport,
} from "../gen/tetragon_dashboard/v1/gateway_pb";
import { toAgentStatusView } from "./clients";

describe("toAgentStatusView", () => {
  it("keeps what the Agents dialog lists: node, address, pod, transport, state, rate, last error", () => {
    const view = toAgentStatusView(
      create(AgentStatusSchema, {
        address: "10.0.0.7:54321",
        nodeName: "kind-worker",
        state: AgentState.RECONNECTING,
        reason: "agent unreachable",
        eventsPerSec: 12.5,
        lastError: "connect ECONNREFUSED 10.0.0.7:54321",
        pod: "kube-system/tetragon-x2fh6",
        transport: AgentTransport.PORT_FORWARD,
      }),
    );
    expect(view).toMatchObject({
      address: "10.0.0.7:54321",
      nodeName: "kind-worker",
      state: "reconnecting",
      reason: "agent unreachable",
      eventsPerSec: 12.5,
      lastError: "connect ECONNREFUSED 10.0.0.7:54321",
      pod: "kube-system/tetragon-x2fh6",
      transport: "port-forward",
    });
  });
});
