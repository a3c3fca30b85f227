/**
 * GatewayService.GetStatus (and the same as JSON at GET /api/status): a snapshot of every
 * agent's supervisor (removed agents too, while the set remembers them), the gateway's load, plus the gateway's version and start time.
 */
import type { ConnectRouter } from "@connectrpc/connect";
import { create, toJsonString } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  type GatewayLoad,
  GatewayService,
  type GetStatusResponse,
  GetStatusResponseSchema,
} from "../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import type { AgentSet } from "./upstream/agent-set.js";

export function statusSnapshot(
  agents: AgentSet,
  version: string,
  startedMs: number,
  load?: Omit<GatewayLoad, "$typeName">,
): GetStatusResponse {
  return create(GetStatusResponseSchema, {
    agents: agents.statuses(),
    gatewayVersion: version,
    gatewayStarted: timestampFromMs(startedMs),
    ...(load === undefined ? {} : { load }),
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
