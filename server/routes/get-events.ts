/**
 * GetEvents fan-in: one browser stream → one upstream GetEvents per agent, merged in arrival
 * order through a bounded queue. An agent's outage never ends the browser stream: its pump
 * waits on the agent's supervisor and re-opens the upstream stream with the same request.
 * When the browser goes away, `done` aborts every pump and its upstream stream.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import type { GetEventsRequest, GetEventsResponse } from "../../src/gen/tetragon/events_pb.js";
import type { AgentSupervisor } from "../upstream/agent-supervisor.js";
import { AsyncQueue } from "../upstream/async-queue.js";
import { isTransient } from "../upstream/agent-reason.js";

export interface StreamCounter {
  open: number;
}

const queueCapacity = 256;

export async function* fanIn(
  supervisors: readonly AgentSupervisor[],
  request: GetEventsRequest,
  browserSignal: AbortSignal,
  counter: StreamCounter,
): AsyncGenerator<GetEventsResponse> {
  const done = new AbortController();
  const signal = AbortSignal.any([browserSignal, done.signal]);
  const queue = new AsyncQueue<GetEventsResponse>(queueCapacity);
  const pumps = supervisors.map((s) =>
    pump(s, request, signal, queue, counter).catch((err: unknown) => {
      if (!signal.aborted) queue.fail(err);
    }),
  );
  try {
    for (;;) yield await queue.pop(signal);
  } finally {
    done.abort(new ConnectError("browser stream ended", Code.Canceled));
    await Promise.all(pumps);
  }
}

async function pump(
  supervisor: AgentSupervisor,
  request: GetEventsRequest,
  signal: AbortSignal,
  queue: AsyncQueue<GetEventsResponse>,
  counter: StreamCounter,
): Promise<void> {
  while (!signal.aborted) {
    const link = await supervisor.ready(signal);
    const streamSignal = AbortSignal.any([signal, link.signal]);
    counter.open++;
    supervisor.streamOpened();
    try {
      for await (const res of link.connection.client.getEvents(request, { signal: streamSignal })) {
        supervisor.noteEvent(res.nodeName);
        await queue.push(res, signal);
      }
      // Tetragon never ends the stream on its own: treat a clean end as a lost agent.
      supervisor.reportFailure(
        link,
        new ConnectError("agent ended the event stream", Code.Unavailable),
      );
    } catch (err) {
      // (`reason`, not `aborted`: the loop condition narrowed `aborted` to false for the checker.)
      if (signal.reason !== undefined) return;
      if (link.signal.aborted) continue; // the supervisor already declared this link down
      if (!isTransient(err)) throw err; // e.g. InvalidArgument for a filter the agent rejects
      supervisor.reportFailure(link, err);
    } finally {
      counter.open--;
      supervisor.streamClosed();
    }
  }
}
