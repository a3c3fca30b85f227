/**
 * Upstream sharing over real sockets: browser streams asking the same agent with the same
 * request share one upstream GetEvents stream; a new one joins the live stream; a stalled one
 * loses only its own events; the upstream stream closes when the last browser stream leaves.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { startGateway } from "../gateway.js";
import { execEvent, waitFor } from "../testing/fixtures.js";
import { agentAndGateway, cleanupStack, seqOf, watch } from "../testing/reliability.js";
import { openStalledStream } from "../testing/stalled-client.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

const filtered = { allowList: [{ binaryRegex: ["^/bin/"] }] };

const stack = (
  options: Parameters<typeof agentAndGateway>[1] = {},
  limits: Parameters<typeof startGateway>[0]["limits"] = {},
) => agentAndGateway(cleanup, options, { limits });

describe("upstream sharing", () => {
  it("two browser streams with the same request cost the agent one stream; different requests one each", async () => {
    const { agent, gateway } = await stack();
    const first = watch(gateway.url, { request: filtered });
    const second = watch(gateway.url, { request: filtered });
    const other = watch(gateway.url);
    cleanup.push(async () => {
      for (const t of [first, second, other]) t.abort();
      await Promise.all([first.ended, second.ended, other.ended]);
    });
    // Every browser stream is subscribed once each has an event pushed after it joined.
    let seq = 0;
    await waitFor(() => {
      agent.push(execEvent("n", "/bin/x", seq++));
      return [first, second, other].every((t) => t.got.length > 0);
    }, "every stream to receive");
    expect(agent.callsTo("GetEvents")).toBe(2);
    expect(agent.openStreams()).toBe(2);
    expect(gateway.upstreamStreamsOpen()).toBe(2);
    expect(agent.requests.map((r) => r.allowList.length).sort()).toEqual([0, 1]);

    // The last browser stream of a request leaving closes that upstream stream only.
    first.abort();
    await first.ended;
    agent.push(execEvent("n", "/bin/y", seq++));
    await waitFor(() => second.got.some((e) => seqOf(e) === seq - 1), "the shared stream lives on");
    expect(agent.openStreams()).toBe(2);
    second.abort();
    await waitFor(() => agent.openStreams() === 1, "the shared upstream stream to close");
    other.abort();
    await waitFor(() => agent.openStreams() === 0 && gateway.upstreamStreamsOpen() === 0, "none");
  });

  it("a new browser stream joins the live stream", async () => {
    const { agent, gateway } = await stack({ events: [execEvent("n", "/bin/first", 0)] });
    const early = watch(gateway.url);
    cleanup.push(async () => {
      early.abort();
      await early.ended;
    });
    await waitFor(() => early.got.length === 1, "the early stream's first event");
    const late = watch(gateway.url);
    cleanup.push(async () => {
      late.abort();
      await late.ended;
    });
    let seq = 1;
    await waitFor(() => {
      agent.push(execEvent("n", "/bin/later", seq++));
      return late.got.length > 0;
    }, "the late stream's first event");
    // The late one did not get the events sent before it joined; from then on, the same.
    expect(late.got.map(seqOf)).not.toContain(0);
    const joinedAt = seqOf(late.got[0]!)!;
    await waitFor(() => early.got.length === seq && late.got.length === seq - joinedAt, "all");
    expect(early.got.map(seqOf).slice(joinedAt)).toEqual(late.got.map(seqOf));
    expect(agent.callsTo("GetEvents")).toBe(1);
  });

  it("a stalled browser stream loses only its own events", async () => {
    const total = 2_000;
    // ~10 KB per event: 20 MB in all, more than the stalled socket's kernel buffers and a
    // small queue budget (1 MiB) together, so the stalled stream must drop.
    const padding = "--verbose ".repeat(1_000);
    const { agent, gateway } = await stack(
      {
        paced: {
          perSecond: 2_000,
          total,
          make: (seq) => {
            const e = execEvent("busy", "/bin/busy", seq);
            if (e.event.case === "processExec") e.event.value.process!.arguments = padding;
            return e;
          },
        },
      },
      { queueBudgetBytes: 1 << 20 },
    );
    const frozen = await openStalledStream(gateway.url);
    cleanup.push(async () => {
      frozen.close();
      await Promise.resolve();
    });
    let limited = 0;
    const seqs: number[] = [];
    const reader = watch(gateway.url, {
      keep: false,
      onEvent: (e) => {
        if (e.event.case === "rateLimitInfo") limited++;
        else seqs.push(seqOf(e)!);
      },
    });
    cleanup.push(async () => {
      reader.abort();
      await reader.ended;
    });
    await waitFor(() => agent.pacedSent() === total, "the agent to finish", 60_000);
    await waitFor(() => seqs.at(-1) === total - 1, "the reader to get the last event", 60_000);
    await waitFor(() => gateway.droppedEvents() > 0, "drops for the stalled stream");
    // The reader joined a moment after the shared stream opened; from its first event on it
    // got every event, in order, and no drop notice.
    const first = seqs[0]!;
    expect(seqs).toEqual(Array.from({ length: total - first }, (_, i) => first + i));
    expect(limited).toBe(0);
    expect(agent.callsTo("GetEvents")).toBe(1);
  }, 60_000);
});
