import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { FineGuidanceSensors, TracingPolicyState } from "../gen/tetragon/sensors_pb";
import { HealthStatusResult } from "../gen/tetragon/tetragon_pb";
import { AGENT_HEADER, createAgentInfoApi, describeAgentCallError } from "./agent-info-client";

/** An in-memory gateway: answers per agent header, records which agent each call named. */
function gateway(hang = false) {
  const seen: string[] = [];
  const pick = (headers: Headers) => {
    const agent = headers.get(AGENT_HEADER) ?? "(none)";
    seen.push(agent);
    if (agent === "exec-only") {
      throw new ConnectError("agent exec-only carries only the event stream", Code.Unimplemented);
    }
    return agent;
  };
  const transport = createRouterTransport(({ service }) => {
    service(FineGuidanceSensors, {
      getVersion: async (_req, ctx) => {
        const agent = pick(ctx.requestHeader);
        if (hang)
          await new Promise((_resolve, reject) => {
            ctx.signal.addEventListener("abort", reject);
          });
        return { version: `v1.5.0 on ${agent}` };
      },
      getHealth: (_req, ctx) => {
        pick(ctx.requestHeader);
        return {
          healthStatus: [{ status: HealthStatusResult.HEALTH_STATUS_RUNNING, details: "ok" }],
        };
      },
      getInfo: (_req, ctx) => ({ name: "tetragon", version: pick(ctx.requestHeader) }),
      listTracingPolicies: (_req, ctx) => {
        pick(ctx.requestHeader);
        return {
          policies: [
            { name: "b", state: TracingPolicyState.TP_STATE_ENABLED },
            { name: "a", state: TracingPolicyState.TP_STATE_ERROR, error: "bad" },
          ],
        };
      },
    });
  });
  return { api: createAgentInfoApi(transport), seen };
}

describe("createAgentInfoApi", () => {
  const signal = new AbortController().signal;

  it("names the agent in the tetragon-agent header and maps each answer to its view", async () => {
    const { api, seen } = gateway();
    expect(await api.version("node-a:54321", signal)).toEqual({
      ok: true,
      value: "v1.5.0 on node-a:54321",
    });
    expect(await api.health("node-b", signal)).toEqual({
      ok: true,
      value: { state: "running", details: ["ok"] },
    });
    const info = await api.info("node-c", signal);
    expect(info.ok && info.value.version).toBe("node-c");
    const policies = await api.policies("node-d", signal);
    expect(policies.ok && policies.value.map((p) => `${p.name}:${p.state.label}`)).toEqual([
      "a:error",
      "b:enabled",
    ]);
    expect(seen).toEqual(["node-a:54321", "node-b", "node-c", "node-d"]);
  });

  it("turns an agent's refusal into a readable error result, not a throw", async () => {
    const { api } = gateway();
    expect(await api.info("exec-only", signal)).toEqual({
      ok: false,
      error: "Unimplemented: agent exec-only carries only the event stream",
    });
  });

  it("rejects, rather than reporting an error, when the caller aborted", async () => {
    const { api } = gateway(true);
    const abort = new AbortController();
    const call = api.version("node-a", abort.signal);
    abort.abort();
    await expect(call).rejects.toThrow();
  });
});

describe("describeAgentCallError", () => {
  it("names the code and keeps the message", () => {
    expect(describeAgentCallError(new ConnectError("lost", Code.Unavailable))).toBe(
      "Unavailable: lost",
    );
    expect(describeAgentCallError(new ConnectError("", Code.DeadlineExceeded))).toBe(
      "DeadlineExceeded",
    );
    expect(describeAgentCallError(new TypeError("bad header value"))).toBe("bad header value");
    expect(describeAgentCallError("odd")).toBe("odd");
  });
});
