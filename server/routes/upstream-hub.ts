/**
 * Shared upstream GetEvents streams: browser streams that ask the same agent with the same
 * GetEventsRequest share one upstream stream, and the gateway fans its events out, so N
 * viewers cost the agent one stream (and Tetragon's per-client buffer applies once).
 *
 * Data flow: a browser stream (get-events.ts) subscribes per agent with its request and a
 * Subscriber (its own bounded queue); the first subscriber of a (supervisor, request bytes)
 * pair starts that pair's pump; each event the pump reads is handed to every subscriber.
 *
 * Invariants: at most one shared upstream per (supervisor, request bytes), existing exactly
 * while it has subscribers — the last one leaving aborts its pump and upstream stream; a new
 * subscriber joins the live stream (events from then on); subscribers never wait on each
 * other (deliver() only queues), so a slow one loses only its own events.
 *
 * Failures (agent-reason.ts `classifyStreamFailure`): the agent refusing the request ends
 * every subscriber with that error; a connection failure or malformed data is the
 * supervisor's (agent lost, gap, re-dial) and the pump waits for the next link; a stream that
 * fails on its own is retried alone, with the agent's backoff, while the link stays up — on
 * transports that report a lost connection themselves (`AgentConnection.lost`); on others
 * (exec) every failure is the agent's, as the transport cannot tell the two apart.
 */
import { toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { type GetEventsRequest, GetEventsRequestSchema } from "../../src/gen/tetragon/events_pb.js";
import { classifyStreamFailure } from "../upstream/agent-reason.js";
import type { AgentSupervisor } from "../upstream/agent-supervisor.js";
import { nextRetry } from "../upstream/backoff.js";
import { type OpaqueEvent, readEvent } from "../upstream/opaque-events.js";

export interface Subscriber {
  deliver(event: OpaqueEvent): void;
  /** The shared stream ended for good (the agent refused the request, or shutdown). */
  fail(err: unknown): void;
}

interface Shared {
  readonly subscribers: Set<Subscriber>;
  readonly stop: AbortController;
}

export class UpstreamHub {
  private readonly shared = new Map<AgentSupervisor, Map<string, Shared>>();
  private calls = 0;
  /** Open upstream GetEvents streams (gauge). */
  open = 0;

  /** Upstream GetEvents calls made since start (each re-open counts). */
  get upstreamCalls(): number {
    return this.calls;
  }

  /** Shared upstreams with at least one subscriber. */
  get size(): number {
    let n = 0;
    for (const m of this.shared.values()) n += m.size;
    return n;
  }

  /** Joins (or starts) the shared stream for this agent and request; returns leave(). */
  subscribe(
    supervisor: AgentSupervisor,
    request: GetEventsRequest,
    subscriber: Subscriber,
  ): () => void {
    const key = Buffer.from(toBinary(GetEventsRequestSchema, request)).toString("latin1");
    let byRequest = this.shared.get(supervisor);
    if (byRequest === undefined) {
      byRequest = new Map();
      this.shared.set(supervisor, byRequest);
    }
    let entry = byRequest.get(key);
    if (entry === undefined) {
      const started: Shared = { subscribers: new Set(), stop: new AbortController() };
      entry = started;
      byRequest.set(key, started);
      void this.pump(supervisor, request, started).then(
        () => undefined,
        (err: unknown) => {
          this.forget(supervisor, key, started);
          if (!started.stop.signal.aborted) for (const s of started.subscribers) s.fail(err);
        },
      );
    }
    const joined = entry;
    joined.subscribers.add(subscriber);
    return () => {
      if (!joined.subscribers.delete(subscriber) || joined.subscribers.size > 0) return;
      this.forget(supervisor, key, joined);
      joined.stop.abort(new ConnectError("no browser stream left", Code.Canceled));
    };
  }

  private forget(supervisor: AgentSupervisor, key: string, entry: Shared): void {
    const byRequest = this.shared.get(supervisor);
    if (byRequest?.get(key) !== entry) return;
    byRequest.delete(key);
    if (byRequest.size === 0) this.shared.delete(supervisor);
  }

  /** Reads the agent until stopped; throws only when the stream must end for every subscriber. */
  private async pump(
    supervisor: AgentSupervisor,
    request: GetEventsRequest,
    entry: Shared,
  ): Promise<void> {
    const signal = entry.stop.signal;
    const retry = { step: 0, since: undefined as number | undefined };
    while (!signal.aborted) {
      const link = await supervisor.ready(signal);
      const streamSignal = AbortSignal.any([signal, link.signal]);
      let delivered = false;
      let failure: unknown;
      this.open++;
      this.calls++;
      supervisor.streamOpened();
      try {
        // A batch is what one read of the agent completed: delivered in one turn, so each
        // browser stream's writer wakes once per batch, not once per event.
        for await (const batch of link.connection.getEventMessages(request, streamSignal)) {
          for (const bytes of batch) {
            const event = readEvent(bytes);
            supervisor.noteEvent(event.nodeName);
            delivered = true;
            for (const s of entry.subscribers) s.deliver(event);
          }
        }
        // Tetragon never ends the stream on its own: open it again.
        failure = new ConnectError("the agent ended the event stream", Code.Unavailable);
      } catch (err) {
        failure = err;
      } finally {
        this.open--;
        supervisor.streamClosed();
      }
      // (`reason`, not `aborted`: the loop condition narrowed `aborted` to false for the checker.)
      if (signal.reason !== undefined) return;
      if (link.signal.aborted) continue; // the supervisor declared this link down: wait for the next
      const kind = classifyStreamFailure(failure);
      if (kind === "rejected") throw failure;
      // Retrying alone needs a transport that reports a lost connection by itself (`lost`);
      // without one (exec: one process per stream), a failed stream may be the agent gone.
      if (kind === "agent" || link.connection.lost === undefined) {
        supervisor.reportFailure(link, failure);
        continue;
      }
      supervisor.streamFailed(link, failure);
      // Alone, with backoff: a stream that keeps failing right away is not re-opened in a
      // hot loop; one that delivered events starts again from the first step.
      const now = supervisor.clock.now();
      if (delivered || retry.since === undefined) retry.since = now;
      if (delivered) retry.step = 0;
      const plan = nextRetry(retry.step, now - retry.since, supervisor.backoff);
      retry.step = plan.nextStep;
      await sleep(supervisor, plan.delayMs, streamSignal);
    }
  }
}

/** Waits `ms` on the agent's clock; returns early when `signal` aborts. */
function sleep(supervisor: AgentSupervisor, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      cancel();
      signal.removeEventListener("abort", done);
      resolve();
    };
    const cancel = supervisor.clock.setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
