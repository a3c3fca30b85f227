/**
 * Registers the forwarded Tetragon methods — exactly the allow-list, each with its own
 * handler, so the type checker insists on one entry per allowed name and nothing else.
 * Unary calls go to one agent of the set (the `tetragon-agent` request header names it by
 * display name or id; default the first); GetEvents fans in all agents.
 */
import type { ConnectRouter, HandlerContext } from "@connectrpc/connect";
import { Code, ConnectError, createContextKey } from "@connectrpc/connect";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { eventSinkKey } from "../http/early-stream-headers.js";
import type { AgentSet } from "../upstream/agent-set.js";
import type { Link } from "../upstream/agent-supervisor.js";
import type { ForwardedMethod } from "./allow-list.js";
import { forwardedMethods } from "./allow-list.js";
import type { EventStreams } from "./get-events.js";
import { checkGetEventsRequest } from "./request-limits.js";

const unaryTimeoutMs = 10_000;

interface CallOptions {
  signal: AbortSignal;
  timeoutMs: number;
}
const agentHeader = "tetragon-agent";

/** The client's IP address (set by the gateway from the socket), for per-address limits. */
export const clientAddressKey = createContextKey<string>("unknown", {
  description: "client address",
});

export function registerForwardRoutes(
  router: ConnectRouter,
  agents: AgentSet,
  events: EventStreams,
): void {
  const pick = async (ctx: HandlerContext): Promise<Link> => {
    const wanted = ctx.requestHeader.get(agentHeader);
    const supervisor = wanted === null ? agents.list()[0] : agents.find(wanted);
    if (supervisor === undefined) {
      throw new ConnectError(
        wanted === null
          ? "no agent is connected to this gateway yet"
          : `no agent "${wanted}" is configured in this gateway`,
        Code.NotFound,
      );
    }
    // During the very first dial, wait briefly instead of failing the page's first call.
    if (supervisor.isConnecting()) {
      await supervisor
        .ready(AbortSignal.any([ctx.signal, AbortSignal.timeout(5_000)]))
        .catch(() => undefined);
    }
    const link = supervisor.current();
    if (!link.connection.unary) {
      throw new ConnectError(
        `agent ${supervisor.display} is reached through ${link.connection.transport ?? "a transport"} ` +
          "that carries only the event stream; ask another agent with the tetragon-agent header",
        Code.Unimplemented,
      );
    }
    return link;
  };
  /** One forwarded unary call: the picked agent's link, its lifetime and our timeout. */
  const unary = async <T>(
    ctx: HandlerContext,
    call: (client: Link["connection"]["client"], opts: CallOptions) => Promise<T>,
  ): Promise<T> => {
    const link = await pick(ctx);
    const opts = { signal: AbortSignal.any([ctx.signal, link.signal]), timeoutMs: unaryTimeoutMs };
    return call(link.connection.client, opts).catch((err: unknown) => relayError(err, link, ctx));
  };

  const handlers: { [M in ForwardedMethod]: (router: ConnectRouter) => void } = {
    GetEvents: (r) =>
      r.rpc(FineGuidanceSensors.method.getEvents, (req, ctx) => {
        checkGetEventsRequest(req);
        const json = (ctx.requestHeader.get("content-type") ?? "").includes("json");
        const sink = json ? undefined : ctx.values.get(eventSinkKey);
        return events.open(req, ctx.signal, {
          json,
          sink,
          clientAddress: ctx.values.get(clientAddressKey),
        });
      }),
    GetHealth: (r) =>
      r.rpc(FineGuidanceSensors.method.getHealth, (req, ctx) =>
        unary(ctx, (client, opts) => client.getHealth(req, opts)),
      ),
    GetVersion: (r) =>
      r.rpc(FineGuidanceSensors.method.getVersion, (req, ctx) =>
        unary(ctx, (client, opts) => client.getVersion(req, opts)),
      ),
    GetInfo: (r) =>
      r.rpc(FineGuidanceSensors.method.getInfo, (req, ctx) =>
        unary(ctx, (client, opts) => client.getInfo(req, opts)),
      ),
    ListTracingPolicies: (r) =>
      r.rpc(FineGuidanceSensors.method.listTracingPolicies, (req, ctx) =>
        unary(ctx, (client, opts) => client.listTracingPolicies(req, opts)),
      ),
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
