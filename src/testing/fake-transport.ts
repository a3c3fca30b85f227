/**
 * In-memory gateway for tests: `createRouterTransport` serving GetEvents and GetStatus from
 * scripts, so the api + stream layers run against real connect clients without a network.
 * Each GetEvents call takes the next script: events to send, then how the stream ends.
 */
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  type Code,
  ConnectError,
  createRouterTransport,
  type Transport,
} from "@connectrpc/connect";
import { GetEventsResponseSchema, type GetEventsResponse } from "../gen/tetragon/events_pb";
import { FineGuidanceSensors } from "../gen/tetragon/sensors_pb";
import {
  AgentState,
  GatewayService,
  GetStatusResponseSchema,
  type GetStatusResponse,
} from "../gen/tetragon_dashboard/v1/gateway_pb";

export type StreamEnd =
  | { readonly kind: "error"; readonly code: Code; readonly message: string }
  | { readonly kind: "end" }
  /** Stays open until the client cancels. */
  | { readonly kind: "hang" };

export interface StreamScript {
  readonly events: readonly GetEventsResponse[];
  readonly then: StreamEnd;
}

export function execEvent(node: string, binary: string): GetEventsResponse {
  return create(GetEventsResponseSchema, {
    nodeName: node,
    event: { case: "processExec", value: { process: { binary, pid: 42 } } },
  });
}

export interface FakeGateway {
  readonly transport: Transport;
  /** GetEvents calls received so far. */
  calls(): number;
  /** Streams cancelled by the client. */
  cancelled(): number;
  setStatus(status: GetStatusResponse): void;
}

export function createFakeGateway(scripts: readonly StreamScript[]): FakeGateway {
  let calls = 0;
  let cancelled = 0;
  let status = create(GetStatusResponseSchema, {});
  const transport = createRouterTransport(({ service }) => {
    service(FineGuidanceSensors, {
      async *getEvents(_req, ctx) {
        const script = scripts[calls++] ?? { events: [], then: { kind: "hang" } };
        for (const e of script.events) yield e;
        const end = script.then;
        if (end.kind === "error") throw new ConnectError(end.message, end.code);
        if (end.kind === "hang") {
          await new Promise<void>((resolve) => {
            ctx.signal.addEventListener("abort", () => {
              cancelled++;
              resolve();
            });
          });
        }
      },
    });
    service(GatewayService, { getStatus: () => status });
  });
  return {
    transport,
    calls: () => calls,
    cancelled: () => cancelled,
    setStatus: (s) => {
      status = s;
    },
  };
}

export function statusWithGap(address: string, node: string, startMs: number, endMs: number) {
  return create(GetStatusResponseSchema, {
    agents: [
      {
        address,
        nodeName: node,
        state: AgentState.CONNECTED,
        gaps: [
          {
            start: timestampFromMs(startMs),
            end: timestampFromMs(endMs),
            reason: "agent restarted",
          },
        ],
      },
    ],
  });
}
