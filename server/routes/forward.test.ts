import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import type { AgentConnection } from "../upstream/agent-transport.js";
import { AgentSet } from "../upstream/agent-set.js";
import type { AgentSupervisor, Link } from "../upstream/agent-supervisor.js";
import { registerForwardRoutes } from "./forward.js";
import { EventStreams } from "./get-events.js";

/**
 * One agent whose GetVersion never answers by itself: the test decides how the call ends
 * (the agent's own error, or the supervisor dropping the link under it).
 */
function stubAgent() {
  const controller = new AbortController();
  let rejectCall: ((err: unknown) => void) | undefined;
  let reached: () => void = () => undefined;
  /** Resolves once the forwarded call is waiting at the agent. */
  const callReached = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const client = {
    getVersion: () =>
      new Promise((_resolve, reject) => {
        rejectCall = reject;
        reached();
      }),
  } as unknown as AgentConnection["client"];
  const link: Link = {
    connection: { client, unary: true } as unknown as AgentConnection,
    signal: controller.signal,
  };
  const supervisor = {
    target: { id: "127.0.0.1:54321", display: "127.0.0.1:54321" },
    display: "127.0.0.1:54321",
    isConnecting: () => false,
    current: () => link,
  } as unknown as AgentSupervisor;
  const agents = new AgentSet();
  agents.add(supervisor);
  const transport = createRouterTransport((router) => {
    registerForwardRoutes(router, agents, new EventStreams(agents));
  });
  return {
    client: createClient(FineGuidanceSensors, transport),
    callReached,
    /** The supervisor declares the link down (another stream saw an RST_STREAM). */
    dropLink(reason: ConnectError) {
      controller.abort(reason);
      rejectCall?.(reason);
    },
    fail(err: ConnectError) {
      rejectCall?.(err);
    },
  };
}

async function codeOf(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => "ok",
    (e: unknown) => `${Code[ConnectError.from(e).code]}: ${ConnectError.from(e).rawMessage}`,
  );
}

describe("forwarded unary calls", () => {
  it("a call cut short by a dropped agent link is Unavailable, not the link's own error", async () => {
    const agent = stubAgent();
    const call = codeOf(agent.client.getVersion({}));
    await agent.callReached;
    agent.dropLink(new ConnectError("stream reset: INTERNAL_ERROR", Code.Internal));
    expect(await call).toBe(
      "Unavailable: the connection to the agent was lost during the call (stream reset: INTERNAL_ERROR)",
    );
  });

  it("the agent's own error keeps its code and message", async () => {
    const agent = stubAgent();
    const call = codeOf(agent.client.getVersion({}));
    await agent.callReached;
    agent.fail(new ConnectError("policy store busy", Code.ResourceExhausted));
    expect(await call).toBe("ResourceExhausted: policy store busy");
  });
});
