/**
 * GatewayService.GetStatus (and the same as JSON at GET /api/status): a snapshot of every
 * agent's supervisor, plus the gateway's version and start time.
 */
import type { ConnectRouter } from "@connectrpc/connect";
import { create, toJsonString } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  GatewayService,
  type GetStatusResponse,
  GetStatusResponseSchema,
} from "../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import type { AgentSupervisor } from "./upstream/agent-supervisor.js";

export function statusSnapshot(
  supervisors: readonly AgentSupervisor[],
  version: string,
  startedMs: number,
): GetStatusResponse {
  return create(GetStatusResponseSchema, {
    agents: supervisors.map((s) => s.status()),
    gatewayVersion: version,
    gatewayStarted: timestampFromMs(startedMs),
  });
}

export function statusJson(snapshot: GetStatusResponse): string {
  return toJsonString(GetStatusResponseSchema, snapshot);
}

export function registerStatusRoute(
  router: ConnectRouter,
  snapshot: () => GetStatusResponse,
): void {
  router.rpc(GatewayService.method.getStatus, () => snapshot());
}
