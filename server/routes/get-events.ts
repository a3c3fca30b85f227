/**
 * GetEvents fan-in: one browser stream → one upstream GetEvents per agent, merged in arrival
 * order through a bounded queue. An agent's outage never ends the browser stream: its pump
 * waits on the agent's supervisor and re-opens the upstream stream with the same request.
 * The agent set may change while the stream is open: an added agent gets a pump at once, a
 * removed one's pump is aborted. When the browser goes away, `done` aborts every pump and
 * its upstream stream.
 *
 * Backpressure: pumps read the agent at the agent's pace; when the browser falls behind by
 * `queueCapacity` events, the oldest queued event is dropped and counted per node. Before the
 * next event the browser gets one Tetragon-native `rate_limit_info` event per node with the
 * number dropped, so the table can say "N events dropped" (Tetragon's own rate limiter reports
 * its drops the same way). Memory per browser stream is bounded by the queue.
 *
 * Output: connect serialises each yielded message, which at tens of thousands of events/s
 * is most of the gateway's CPU. For binary gRPC-Web calls whose headers went out early
 * (`sink`), the generator instead writes each event's frame straight to the response — the
 * agent's bytes behind a 5-byte gRPC-Web header, the same bytes connect would produce — and
 * yields nothing; it ends (or throws) exactly as the yielding path does, and connect writes
 * the trailer. Backpressure is the same: a full socket stops the writer, not the pumps.
 */
import { once } from "node:events";
import { create, toBinary } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type GetEventsRequest,
  type GetEventsResponse,
  GetEventsResponseSchema,
} from "../../src/gen/tetragon/events_pb.js";
import type { NodeResponse } from "../http/node-types.js";
import type { AgentSet } from "../upstream/agent-set.js";
import type { AgentSupervisor } from "../upstream/agent-supervisor.js";
import { AsyncQueue } from "../upstream/async-queue.js";
import { isAgentRejection } from "../upstream/agent-reason.js";
import { type OpaqueEvent, fromOpaque, toFullEvent } from "../upstream/opaque-events.js";

/** Gateway-wide gauges (for GetStatus-style diagnostics and the leak/backpressure tests). */
export interface StreamCounter {
  /** Open upstream GetEvents streams. */
  open: number;
  /** The queues of the open browser streams. */
  queues: Set<{ readonly size: number }>;
  /** Events dropped for slow browsers since the gateway started. */
  dropped: number;
}

export function createStreamCounter(): StreamCounter {
  return { open: 0, queues: new Set(), dropped: 0 };
}

/** About 1 s of a busy node (2,000 events/s): absorbs hiccups, bounds a stalled tab. */
export const queueCapacity = 2_048;

export async function* fanIn(
  agents: AgentSet,
  request: GetEventsRequest,
  browserSignal: AbortSignal,
  counter: StreamCounter,
  /** The browser asked for JSON: relay fully decoded events instead of opaque bytes. */
  json = false,
  /** Write binary gRPC-Web frames here instead of yielding (headers already sent). */
  sink?: NodeResponse,
): AsyncGenerator<GetEventsResponse> {
  const done = new AbortController();
  const signal = AbortSignal.any([browserSignal, done.signal]);
  const queue = new AsyncQueue<OpaqueEvent>(queueCapacity);
  const dropped = new Map<string, bigint>();
  const enqueue = (res: OpaqueEvent): void => {
    const evicted = queue.push(res);
    if (evicted === undefined) return;
    dropped.set(evicted.nodeName, (dropped.get(evicted.nodeName) ?? 0n) + 1n);
    counter.dropped++;
  };
  counter.queues.add(queue);
  const pumps = new Map<AgentSupervisor, { stop: AbortController; ended: Promise<void> }>();
  const startPump = (s: AgentSupervisor): void => {
    const stop = new AbortController();
    const pumpSignal = AbortSignal.any([signal, stop.signal]);
    const ended = pump(s, request, pumpSignal, enqueue, counter)
      .catch((err: unknown) => {
        if (!pumpSignal.aborted) queue.fail(err);
      })
      .finally(() => {
        if (pumps.get(s)?.stop === stop) pumps.delete(s);
      });
    pumps.set(s, { stop, ended });
  };
  const unsubscribe = agents.subscribe({
    added: startPump,
    removed: (s) => pumps.get(s)?.stop.abort(new ConnectError("agent removed", Code.Canceled)),
  });
  for (const s of agents.list()) startPump(s);
  // Drops are always older than anything still queued: they are reported first.
  const takeNotices = (): GetEventsResponse[] => {
    const notices = [...dropped].map(([nodeName, n]) => dropNotice(nodeName, n));
    dropped.clear();
    return notices;
  };
  try {
    if (sink !== undefined && !json) await writeFrames(queue, dropped, takeNotices, signal, sink);
    for (;;) {
      const next = await queue.pop(signal);
      if (dropped.size > 0) yield* takeNotices();
      yield json ? toFullEvent(next.message) : next.message;
    }
  } finally {
    unsubscribe();
    counter.queues.delete(queue);
    done.abort(new ConnectError("browser stream ended", Code.Canceled));
    await Promise.all([...pumps.values()].map((p) => p.ended));
  }
}

/** Writes every queued event as a gRPC-Web frame until the stream ends (throws then). */
async function writeFrames(
  queue: AsyncQueue<OpaqueEvent>,
  dropped: ReadonlyMap<string, bigint>,
  takeNotices: () => GetEventsResponse[],
  signal: AbortSignal,
  res: NodeResponse,
): Promise<never> {
  const write = (message: Uint8Array): boolean => {
    const head = Buffer.allocUnsafe(5);
    head[0] = 0;
    head.writeUInt32BE(message.byteLength, 1);
    res.write(head);
    return res.write(message);
  };
  for (;;) {
    let next: OpaqueEvent | undefined = await queue.pop(signal);
    let ok = true;
    // Everything already queued goes out in this turn, without an await per event.
    while (next !== undefined && ok) {
      if (dropped.size > 0)
        for (const notice of takeNotices()) write(toBinary(GetEventsResponseSchema, notice));
      ok = write(next.bytes);
      next = ok ? queue.tryShift() : undefined;
    }
    if (!ok) await drained(res, signal);
  }
}

/** Resolves on 'drain'; rejects with the abort reason (as queue.pop does) if aborted first. */
async function drained(res: NodeResponse, signal: AbortSignal): Promise<void> {
  try {
    await once(res, "drain", { signal });
  } catch (err) {
    throw signal.aborted ? signal.reason : err;
  }
}

function dropNotice(nodeName: string, count: bigint): GetEventsResponse {
  return create(GetEventsResponseSchema, {
    nodeName,
    time: timestampNow(),
    event: { case: "rateLimitInfo", value: { numberOfDroppedProcessEvents: count } },
  });
}

async function pump(
  supervisor: AgentSupervisor,
  request: GetEventsRequest,
  signal: AbortSignal,
  enqueue: (res: OpaqueEvent) => void,
  counter: StreamCounter,
): Promise<void> {
  while (!signal.aborted) {
    const link = await supervisor.ready(signal);
    const streamSignal = AbortSignal.any([signal, link.signal]);
    counter.open++;
    supervisor.streamOpened();
    try {
      for await (const opaque of link.connection.getEventsOpaque(request, streamSignal)) {
        const event = fromOpaque(opaque);
        supervisor.noteEvent(event.nodeName);
        enqueue(event);
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
      // The agent refused the request (e.g. InvalidArgument for a filter regex): tell the
      // browser. Anything else — a dead connection, a malformed frame, an oversized message —
      // is an agent failure: the supervisor reconnects with backoff and records the gap.
      if (isAgentRejection(err)) throw err;
      supervisor.reportFailure(link, err);
    } finally {
      counter.open--;
      supervisor.streamClosed();
    }
  }
}
