/**
 * GetEvents fan-in: one browser stream → one subscription per agent to the shared upstream
 * streams (upstream-hub.ts), merged in arrival order through the stream's bounded queue
 * (browser-queue.ts). An agent's outage never ends the browser stream: the shared pump waits
 * on the agent's supervisor and re-opens the upstream stream with the same request. The
 * agent set may change while the stream is open: an added agent is subscribed at once, a
 * removed one unsubscribed. When the browser goes away every subscription is dropped (the
 * last subscriber of a shared upstream stream closes it).
 *
 * Limits: streams are admitted per client address and in total (stream-admission.ts); all
 * queues together stay within one memory budget (queue-budget.ts); a queue over its count or
 * share drops its oldest events and the browser is told with `rate_limit_info`.
 *
 * Output: connect serialises each yielded message, which at tens of thousands of events/s
 * is most of the gateway's CPU. For binary gRPC-Web calls whose headers went out early
 * (`sink`), the generator instead writes each event's frame straight to the response — the
 * agent's bytes behind a 5-byte gRPC-Web header, the same bytes connect would produce — and
 * yields nothing; it ends (or throws) exactly as the yielding path does, and connect writes
 * the trailer. Backpressure is the same: a full socket stops the writer, not the pumps.
 */
import { once } from "node:events";
import { toBinary } from "@bufbuild/protobuf";
import {
  type GetEventsRequest,
  type GetEventsResponse,
  GetEventsResponseSchema,
} from "../../src/gen/tetragon/events_pb.js";
import type { NodeResponse } from "../http/node-types.js";
import type { AgentSet } from "../upstream/agent-set.js";
import type { AgentSupervisor } from "../upstream/agent-supervisor.js";
import { type OpaqueEvent, toFullEvent } from "../upstream/opaque-events.js";
import { BrowserQueue } from "./browser-queue.js";

export { queueCapacity } from "./browser-queue.js";
import { QueueBudget } from "./queue-budget.js";
import { StreamAdmission, type StreamLimits, defaultStreamLimits } from "./stream-admission.js";
import { type Subscriber, UpstreamHub } from "./upstream-hub.js";

export interface EventStreamsOptions extends StreamLimits {
  /** Bytes all browser-stream queues may hold together. */
  queueBudgetBytes: number;
}

/**
 * 64 MiB: a team's 20 streams never reach it — healthy queues stay near empty, and each of 20
 * may fall 3.2 MiB (~1,600 events of ~2 KB, ~1 s of a busy node) behind before its share
 * binds — while 200 stalled streams keep the gateway within its memory bound (docs/SECURITY.md,
 * measured by stalled-memory.test.ts).
 */
export const defaultQueueBudgetBytes = 64 * 1024 * 1024;

export const defaultEventStreamsOptions: EventStreamsOptions = {
  ...defaultStreamLimits,
  queueBudgetBytes: defaultQueueBudgetBytes,
};

export interface OpenOptions {
  /** The browser asked for JSON: relay fully decoded events instead of opaque bytes. */
  json?: boolean;
  /** Write binary gRPC-Web frames here instead of yielding (headers already sent). */
  sink?: NodeResponse | undefined;
  /** The client's address, for the per-address limit. */
  clientAddress: string;
}

/** The gateway's GetEvents: admission, shared upstreams, queues within one budget. */
export class EventStreams {
  readonly hub = new UpstreamHub();
  private readonly budget: QueueBudget;
  private readonly admission: StreamAdmission;
  private readonly queues = new Set<BrowserQueue>();
  /** Events dropped for slow browsers since the gateway started. */
  dropped = 0;

  constructor(
    private readonly agents: AgentSet,
    options: EventStreamsOptions = defaultEventStreamsOptions,
  ) {
    this.budget = new QueueBudget(options.queueBudgetBytes);
    this.admission = new StreamAdmission(options);
  }

  /** Open browser GetEvents streams. */
  get browserStreams(): number {
    return this.admission.open;
  }

  /** Events waiting in browser stream queues right now. */
  get queuedEvents(): number {
    let n = 0;
    for (const q of this.queues) n += q.items.size;
    return n;
  }

  /** Bytes waiting in browser stream queues right now. */
  get queuedBytes(): number {
    return this.budget.used;
  }

  /**
   * Admits the stream (or throws ResourceExhausted) and returns its events. Admission happens
   * here, not when the generator first runs, so a refusal is the call's own error.
   */
  open(
    request: GetEventsRequest,
    signal: AbortSignal,
    options: OpenOptions,
  ): AsyncGenerator<GetEventsResponse> {
    const release = this.admission.admit(options.clientAddress);
    return this.fanIn(request, signal, options, release);
  }

  private async *fanIn(
    request: GetEventsRequest,
    signal: AbortSignal,
    { json = false, sink }: OpenOptions,
    release: () => void,
  ): AsyncGenerator<GetEventsResponse> {
    const queue = new BrowserQueue(this.budget, (n) => {
      this.dropped += n;
    });
    this.queues.add(queue);
    this.budget.join(queue);
    const subscriber: Subscriber = {
      deliver: (event) => {
        queue.push(event);
      },
      fail: (err) => {
        queue.items.fail(err);
      },
    };
    const leave = new Map<AgentSupervisor, () => void>();
    const join = (s: AgentSupervisor): void => {
      if (!leave.has(s)) leave.set(s, this.hub.subscribe(s, request, subscriber));
    };
    const unsubscribe = this.agents.subscribe({
      added: join,
      removed: (s) => {
        leave.get(s)?.();
        leave.delete(s);
      },
    });
    for (const s of this.agents.list()) join(s);
    try {
      if (sink !== undefined && !json) await writeFrames(queue, signal, sink);
      for (;;) {
        const next = await queue.items.pop(signal);
        // Drops are always older than anything still queued: they are reported first.
        if (queue.hasNotices) yield* queue.takeNotices();
        yield json ? toFullEvent(next.message) : next.message;
      }
    } finally {
      unsubscribe();
      for (const l of leave.values()) l();
      this.budget.leave(queue);
      this.queues.delete(queue);
      release();
    }
  }
}

/**
 * Frames written together: what is queued goes out as one buffer of at most about this many
 * bytes (the per-tick corking limit, cork-per-tick.ts), one `res.write` instead of two per
 * event (the 5-byte header and the message) that the corking layer would wrap and concatenate
 * one by one.
 */
const batchBytes = 64 * 1024;

/** Writes every queued event as a gRPC-Web frame until the stream ends (throws then). */
async function writeFrames(
  queue: BrowserQueue,
  signal: AbortSignal,
  res: NodeResponse,
): Promise<never> {
  for (;;) {
    let next: OpaqueEvent | undefined = await queue.items.pop(signal);
    let ok = true;
    // Everything already queued goes out in this turn, without an await per event; nothing
    // more is taken from the queue once the response says it is full (backpressure: events
    // wait, and are dropped, in the queue, not in the response).
    while (next !== undefined) {
      const messages: Uint8Array[] = [];
      let size = 0;
      do {
        // Drops are always older than anything still queued: they are reported first.
        if (queue.hasNotices) {
          for (const notice of queue.takeNotices()) {
            const bytes = toBinary(GetEventsResponseSchema, notice);
            messages.push(bytes);
            size += 5 + bytes.byteLength;
          }
        }
        messages.push(next.bytes);
        size += 5 + next.bytes.byteLength;
        next = size < batchBytes ? queue.items.tryShift() : undefined;
      } while (next !== undefined);
      ok = res.write(framed(messages, size));
      if (!ok) break;
      next = queue.items.tryShift();
    }
    if (!ok) await drained(res, signal);
  }
}

/** The messages as consecutive gRPC-Web data frames (flag 0, big-endian length, message). */
function framed(messages: readonly Uint8Array[], size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const m of messages) {
    out[at] = 0;
    out.writeUInt32BE(m.byteLength, at + 1);
    out.set(m, at + 5);
    at += 5 + m.byteLength;
  }
  return out;
}

/** Resolves on 'drain'; rejects with the abort reason (as queue.pop does) if aborted first. */
async function drained(res: NodeResponse, signal: AbortSignal): Promise<void> {
  try {
    await once(res, "drain", { signal });
  } catch (err) {
    throw signal.aborted ? signal.reason : err;
  }
}
