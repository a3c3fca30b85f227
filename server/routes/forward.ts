/**
 * Registers the forwarded Tetragon methods — exactly the allow-list, each with its own
 * handler, so the type checker insists on one entry per allowed name and nothing else.
 * Unary calls go to one agent (the `tetragon-agent` request header names it; default the
 * first); GetEvents fans in all agents.
 */
import type { ConnectRouter, HandlerContext } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { eventSinkKey } from "../http/early-stream-headers.js";
import type { AgentSupervisor, Link } from "../upstream/agent-supervisor.js";
import type { ForwardedMethod } from "./allow-list.js";
import { forwardedMethods } from "./allow-list.js";
import { type StreamCounter, fanIn } from "./get-events.js";
import { checkGetEventsRequest } from "./request-limits.js";

const unaryTimeoutMs = 10_000;
const agentHeader = "tetragon-agent";

export function registerForwardRoutes(
  router: ConnectRouter,
  supervisors: readonly AgentSupervisor[],
  counter: StreamCounter,
): void {
  const pick = async (ctx: HandlerContext): Promise<Link> => {
    const wanted = ctx.requestHeader.get(agentHeader);
    const supervisor =
      wanted === null ? supervisors[0] : supervisors.find((s) => s.address.display === wanted);
    if (supervisor === undefined) {
      throw new ConnectError(
        `no agent "${wanted ?? ""}" is configured in this gateway`,
        Code.NotFound,
      );
    }
    // During the very first dial, wait briefly instead of failing the page's first call.
    if (supervisor.isConnecting()) {
      await supervisor
        .ready(AbortSignal.any([ctx.signal, AbortSignal.timeout(5_000)]))
        .catch(() => undefined);
    }
    return supervisor.current();
  };
  const opts = (ctx: HandlerContext, link: Link): { signal: AbortSignal; timeoutMs: number } => ({
    signal: AbortSignal.any([ctx.signal, link.signal]),
    timeoutMs: unaryTimeoutMs,
  });

  const handlers: { [M in ForwardedMethod]: (router: ConnectRouter) => void } = {
    GetEvents: (r) =>
      r.rpc(FineGuidanceSensors.method.getEvents, (req, ctx) => {
        checkGetEventsRequest(req);
        const json = (ctx.requestHeader.get("content-type") ?? "").includes("json");
        const sink = json ? undefined : ctx.values.get(eventSinkKey);
        return fanIn(supervisors, req, ctx.signal, counter, json, sink);
      }),
    GetHealth: (r) =>
      r.rpc(FineGuidanceSensors.method.getHealth, async (req, ctx) => {
        const link = await pick(ctx);
        return link.connection.client
          .getHealth(req, opts(ctx, link))
          .catch((err: unknown) => relayError(err, link, ctx));
      }),
    GetVersion: (r) =>
      r.rpc(FineGuidanceSensors.method.getVersion, async (req, ctx) => {
        const link = await pick(ctx);
        return link.connection.client
          .getVersion(req, opts(ctx, link))
          .catch((err: unknown) => relayError(err, link, ctx));
      }),
    GetInfo: (r) =>
      r.rpc(FineGuidanceSensors.method.getInfo, async (req, ctx) => {
        const link = await pick(ctx);
        return link.connection.client
          .getInfo(req, opts(ctx, link))
          .catch((err: unknown) => relayError(err, link, ctx));
      }),
    ListTracingPolicies: (r) =>
      r.rpc(FineGuidanceSensors.method.listTracingPolicies, async (req, ctx) => {
        const link = await pick(ctx);
        return link.connection.client
          .listTracingPolicies(req, opts(ctx, link))
          .catch((err: unknown) => relayError(err, link, ctx));
      }),
  };
  for (const name of forwardedMethods) handlers[name](router);
}

/**
 * Upstream errors keep code and message but not the agent's headers/trailers. A call cut
 * short because the supervisor dropped the agent link (another stream on the connection
 * broke) is Unavailable — retry later — whatever broke the link: the browser's call itself
 * did nothing wrong, and the link's reason (e.g. an RST_STREAM's Internal) is not its answer.
 */
function relayError(err: unknown, link: Link, ctx: HandlerContext): never {
  const ce = ConnectError.from(err);
  if (link.signal.aborted && !ctx.signal.aborted) {
    throw new ConnectError(
      `the connection to the agent was lost during the call (${ce.rawMessage})`,
      Code.Unavailable,
    );
  }
  throw new ConnectError(ce.rawMessage, ce.code);
}
