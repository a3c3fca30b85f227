/**
 * Synthetic events and clients for the gateway tests (never for production code).
 */
import http from "node:http";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type Client, createClient, type Transport } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import {
  type GetEventsResponse,
  GetEventsResponseSchema,
} from "../../src/gen/tetragon/events_pb.js";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { GatewayService } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";

/** A process_exec event with a recognisable binary and node name. */
export function execEvent(nodeName: string, binary: string, seq = 0): GetEventsResponse {
  return create(GetEventsResponseSchema, {
    nodeName,
    time: timestampFromMs(1_700_000_000_000 + seq),
    event: {
      case: "processExec",
      value: {
        process: {
          execId: `${nodeName}-${String(seq)}`,
          pid: 1000 + seq,
          binary,
          arguments: `--seq ${String(seq)} "quoted" <b>not html</b>`,
        },
      },
    },
  });
}

export type Protocol = "grpc-web" | "connect" | "grpc";

/**
 * One TCP connection per HTTP/1.1 call, closed when the call ends. Node's global agent keeps
 * sockets alive: on Node 24 the sockets of calls aborted before their response stayed open
 * (25 per churn batch) until the gateway's keep-alive timeout, so "the gateway's client
 * connections are back to zero" measured that timeout instead of what the tests check.
 */
const closeAfterEachCall = new http.Agent({ keepAlive: false });

export function transportFor(protocol: Protocol, baseUrl: string): Transport {
  const base = baseUrl.replace(/\/$/, "");
  switch (protocol) {
    case "grpc-web":
      return createGrpcWebTransport({
        baseUrl: base,
        httpVersion: "1.1",
        nodeOptions: { agent: closeAfterEachCall },
      });
    case "connect":
      return createConnectTransport({
        baseUrl: base,
        httpVersion: "1.1",
        nodeOptions: { agent: closeAfterEachCall },
      });
    case "grpc":
      return createGrpcTransport({ baseUrl: base });
  }
}

export function sensorsClient(
  baseUrl: string,
  protocol: Protocol = "grpc-web",
): Client<typeof FineGuidanceSensors> {
  return createClient(FineGuidanceSensors, transportFor(protocol, baseUrl));
}

export function statusClient(baseUrl: string): Client<typeof GatewayService> {
  return createClient(GatewayService, transportFor("grpc-web", baseUrl));
}

/** Polls `check` until it returns true (condition-based waiting, no fixed sleeps). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
