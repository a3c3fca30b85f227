/**
 * The Agents dialog's calls as the hub routes them: a tab's `agentCall` is answered once with
 * the agent's CallResult (failures included), a cancelled call or a departed tab aborts the
 * call and gets no answer, and a hub without an agent API answers with a failure, never
 * silence. (The calls themselves, over real sockets: agent-info-client.test.ts and
 * src/agents/agents.integration.test.tsx; through a real browser: e2e/agents.spec.ts.)
 */
import { describe, expect, it } from "vitest";
import { classifyStreamError, describeError } from "../api/errors";
import type { AgentCallAnswer, ToPage } from "../protocol/protocol";
import { FakeClock } from "../testing/fake-clock";
import { FakeScheduler } from "../testing/fake-scheduler";
import type { AgentInfoApi, CallResult } from "./agent-info-client";
import { IngestHub } from "./hub";
import type { PortLike } from "./port";

class FakePort implements PortLike {
  readonly answers: { id: number; answer: AgentCallAnswer }[] = [];
  postMessage(message: ToPage): void {
    if (message.type === "agentCall") this.answers.push({ id: message.id, answer: message.answer });
  }
}

/** An agent API whose calls wait until the test settles them. */
function pendingApi() {
  const calls: { what: string; signal: AbortSignal; settle: (r: CallResult<never>) => void }[] = [];
  const call = (what: string) => (agent: string, signal: AbortSignal) =>
    new Promise<CallResult<never>>((resolve, reject) => {
      signal.addEventListener("abort", () => {
        reject(new Error("aborted"));
      });
      calls.push({ what: `${what} ${agent}`, signal, settle: resolve });
    });
  const api = {
    version: call("version"),
    health: call("health"),
    info: call("info"),
    policies: call("policies"),
  } as unknown as AgentInfoApi;
  return { api, calls };
}

function hub(agentInfo?: AgentInfoApi) {
  const h = new IngestHub({
    clock: new FakeClock(),
    scheduler: new FakeScheduler(),
    source: async function* () {},
    fetchStatus: () => Promise.resolve([]),
    classify: classifyStreamError,
    describeError,
    capacity: 100,
    ...(agentInfo === undefined ? {} : { agentInfo }),
  });
  const port = new FakePort();
  h.connect(port, { type: "hello", baseUrl: "http://x", capacity: 100, bench: false });
  return { h, port };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("agent calls through the ingest hub", () => {
  it("answers each call once with the agent's result, failures included", async () => {
    const { api, calls } = pendingApi();
    const { h, port } = hub(api);
    h.handle(port, { type: "agentCall", id: 7, agent: "10.0.0.7:54321", call: "version" });
    h.handle(port, { type: "agentCall", id: 8, agent: "10.0.0.7:54321", call: "policies" });
    expect(calls.map((c) => c.what)).toEqual(["version 10.0.0.7:54321", "policies 10.0.0.7:54321"]);
    calls[0]!.settle({ ok: true, value: "v1.5.0" as never });
    calls[1]!.settle({ ok: false, error: "Unimplemented: exec transport" });
    await settled();
    expect(port.answers).toEqual([
      { id: 7, answer: { call: "version", result: { ok: true, value: "v1.5.0" } } },
      {
        id: 8,
        answer: { call: "policies", result: { ok: false, error: "Unimplemented: exec transport" } },
      },
    ]);
    h.stop();
  });

  it("aborts a cancelled call and the calls of a tab that left, answering neither", async () => {
    const { api, calls } = pendingApi();
    const { h, port } = hub(api);
    h.handle(port, { type: "agentCall", id: 1, agent: "a", call: "info" });
    h.handle(port, { type: "agentCall", id: 2, agent: "a", call: "health" });
    h.handle(port, { type: "agentCallCancel", id: 1 });
    expect(calls.map((c) => c.signal.aborted)).toEqual([true, false]);
    h.handle(port, { type: "bye" });
    expect(calls[1]!.signal.aborted).toBe(true);
    await settled();
    expect(port.answers).toEqual([]);
    h.stop();
  });

  it("answers with a failure when the worker has no agent API", () => {
    const { h, port } = hub();
    h.handle(port, { type: "agentCall", id: 3, agent: "a", call: "health" });
    expect(port.answers).toEqual([
      {
        id: 3,
        answer: { call: "health", result: { ok: false, error: "this worker cannot call agents" } },
      },
    ]);
    h.stop();
  });
});
