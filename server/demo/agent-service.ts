/*
 * The demo agent's tetragon.FineGuidanceSensors service. GetEvents hands each request its
 * own event stream (`streamOf`: the seeded generator or a replayed log) behind the
 * request's allow/deny lists and counts open streams; the read-only calls answer like a
 * real agent: GetHealth, GetVersion, GetInfo (agent-info.ts), ListTracingPolicies
 * (policies.ts, counters growing with uptime). Every method that would change an agent —
 * and the deprecated ListSensors — is left to the router's default: Unimplemented.
 */
import type { ConnectRouter } from "@connectrpc/connect";
import type { GetEventsResponse } from "../../src/gen/tetragon/events_pb.js";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { HealthStatusResult, HealthStatusType } from "../../src/gen/tetragon/tetragon_pb.js";
import { agentInfo, DEMO_AGENT_VERSION } from "./agent-info.js";
import { compileEventFilter, type EventPredicate } from "./event-filter.js";
import type { AncestorKinds } from "./events.js";
import { tracingPolicyStatuses } from "./policies.js";

export type StreamOf = (
  accept: EventPredicate,
  signal: AbortSignal,
  streamId: number,
) => AsyncGenerator<GetEventsResponse>;

export interface ServiceState {
  streamOf: StreamOf;
  /** Open streams now, and opened since start (the id of the next one). */
  streams: { open: number; opened: number };
  /** performance.now() at start, for the policies' counters. */
  startedAt: number;
  ancestors: AncestorKinds;
}

export function demoService(state: ServiceState) {
  const uptimeS = () => (performance.now() - state.startedAt) / 1000;
  return (router: ConnectRouter) => {
    router.service(FineGuidanceSensors, {
      async *getEvents(request, context) {
        const accept = compileEventFilter(request);
        state.streams.open++;
        try {
          yield* state.streamOf(accept, context.signal, ++state.streams.opened);
        } finally {
          state.streams.open--;
        }
      },
      getHealth: () => ({
        healthStatus: [
          {
            event: HealthStatusType.STATUS,
            status: HealthStatusResult.HEALTH_STATUS_RUNNING,
            details: "running",
          },
        ],
      }),
      getVersion: () => ({ version: DEMO_AGENT_VERSION }),
      getInfo: () => agentInfo(state.ancestors),
      listTracingPolicies: () => ({ policies: tracingPolicyStatuses(uptimeS()) }),
    });
  };
}
