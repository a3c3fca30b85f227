/**
 * The ingest hub: ONE GetEvents stream and ONE GetStatus poll per gateway, fanned out to
 * every connected page (tab) over MessagePorts. Runs inside the ingest worker; plain TS with
 * the clock, the byte source and the status fetch injected, so tests drive it in memory.
 *
 * Data flow: source (encoded events) -> fromBinary -> toEventRow -> pending batch; every
 * `flushMs` (or at `maxBatch` rows) one `rows` message per port: the rows without `raw` plus
 * the events' bytes in one ArrayBuffer (transferred to the last port, copied for others).
 * Each port's PortFlow holds back batches a page has not acknowledged beyond a bound and
 * reports them as `lost` (a slow tab loses events visibly; it never queues without limit).
 * Connection state, status snapshots and gaps are posted as they change; a new port gets the
 * current state and status at once. Invariants: at most one stream regardless of the number
 * of tabs; `seq` increases across the hub's lifetime, so every tab sees the same row ids.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb";
import { toRowFields } from "../model/to-event-row";
import type { Cancel, Clock } from "../stream/clock";
import { StreamConnection, type StreamFailure } from "../stream/connection";
import { StatusPoller } from "../stream/status-poller";
import type { AgentStatusView } from "../stream/types";
import { PortFlow } from "./port-flow";
import type { Gap, ToPage, WireRow } from "./protocol";

export interface PortLike {
  postMessage(message: ToPage, transfer?: Transferable[]): void;
}

export interface IngestHubOptions {
  clock: Clock;
  source: (signal: AbortSignal, onOpen: () => void) => AsyncIterable<Uint8Array>;
  fetchStatus: (signal: AbortSignal) => Promise<readonly AgentStatusView[]>;
  classify: (error: unknown) => StreamFailure;
  describeError: (error: unknown) => string;
  flushMs?: number;
  maxBatch?: number;
  /** Per page: rows sent and not yet acknowledged before further batches are dropped. */
  maxUnackedRows?: number;
}

/**
 * What the hub has done, for tests that drive a real browser: e2e/faults.spec.ts reads it in
 * the worker through CDP (see ingest-worker.ts) to know, without a clock, that the worker took
 * more events than a stalled page's window. Read-only numbers; nothing here changes the hub.
 */
export interface IngestDiagnostics {
  /** Events decoded since the hub started (every row it built, for every page). */
  readonly events: number;
  /** Per connected page: rows in flight, rows it lost while behind, and its window. */
  readonly pages: readonly { unacknowledged: number; lost: number; maxUnacked: number }[];
}

interface Pending {
  row: WireRow;
  bytes: Uint8Array;
  /** Drops an upstream rate_limit_info event reports (Tetragon's limiter or the gateway's). */
  reportedDrops: number;
}

export class IngestHub {
  private readonly ports = new Map<PortLike, PortFlow>();
  private readonly connection: StreamConnection<Uint8Array, Pending>;
  private readonly poller: StatusPoller;
  private pending: Pending[] = [];
  private pendingBytes = 0;
  private timer: Cancel | null = null;
  private seq = 0;
  private started = false;

  constructor(private readonly options: IngestHubOptions) {
    this.connection = new StreamConnection<Uint8Array, Pending>({
      clock: options.clock,
      source: options.source,
      toItem: (bytes) => {
        const message = fromBinary(GetEventsResponseSchema, bytes);
        const ev = message.event;
        return {
          row: toRowFields(message, ++this.seq),
          bytes,
          reportedDrops:
            ev.case === "rateLimitInfo" ? Number(ev.value.numberOfDroppedProcessEvents) : 0,
        };
      },
      sink: (batch) => {
        for (const item of batch) this.add(item);
      },
      onGap: (gap) => {
        this.gap(gap);
      },
      classify: options.classify,
    });
    this.connection.state.subscribe(() => {
      this.broadcast({ type: "state", state: this.connection.state.getSnapshot() });
    });
    this.poller = new StatusPoller({
      clock: options.clock,
      fetchStatus: options.fetchStatus,
      onGap: (gap) => {
        this.gap(gap);
      },
      describeError: options.describeError,
    });
    this.poller.status.subscribe(() => {
      this.broadcast({ type: "status", status: this.poller.status.getSnapshot() });
    });
  }

  /** Adds a page; starts the stream and the poll with the first one. */
  connect(port: PortLike): void {
    this.ports.set(port, new PortFlow(port, this.options.maxUnackedRows));
    port.postMessage({ type: "state", state: this.connection.state.getSnapshot() });
    port.postMessage({ type: "status", status: this.poller.status.getSnapshot() });
    if (!this.started) {
      this.started = true;
      void this.connection.start();
      this.poller.start();
    }
  }

  disconnect(port: PortLike): void {
    this.ports.delete(port);
  }

  get portCount(): number {
    return this.ports.size;
  }

  /** The page behind `port` has taken every batch up to `batch` into its store. */
  ack(port: PortLike, batch: number): void {
    this.ports.get(port)?.ack(batch);
  }

  /** Events not delivered to `port` because it was behind (undefined for an unknown port). */
  lostFor(port: PortLike): number | undefined {
    return this.ports.get(port)?.lostTotal;
  }

  diagnostics(): IngestDiagnostics {
    return {
      events: this.seq,
      pages: [...this.ports.values()].map((flow) => ({
        unacknowledged: flow.unacknowledged,
        lost: flow.lostTotal,
        maxUnacked: flow.maxUnackedRows,
      })),
    };
  }

  retryNow(): void {
    this.connection.retryNow();
  }

  stop(): void {
    this.flush();
    this.connection.stop();
    this.poller.stop();
  }

  private add(item: Pending): void {
    this.pending.push(item);
    this.pendingBytes += item.bytes.length;
    if (this.pending.length >= (this.options.maxBatch ?? 4096)) this.flush();
    else
      this.timer ??= this.options.clock.setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.options.flushMs ?? 40);
  }

  private gap(gap: Gap): void {
    // Rows received before the gap was noticed land before it on every page.
    this.flush();
    this.broadcast({ type: "gap", gap });
  }

  /** Posts the pending rows: one message per port, the bytes in one buffer. */
  flush(): void {
    this.timer?.();
    this.timer = null;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const all = new Uint8Array(this.pendingBytes);
    this.pendingBytes = 0;
    const ends = new Uint32Array(batch.length);
    const rows: WireRow[] = new Array<WireRow>(batch.length);
    let at = 0;
    let reportedDrops = 0;
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i];
      if (p === undefined) continue;
      all.set(p.bytes, at);
      at += p.bytes.length;
      ends[i] = at;
      rows[i] = p.row;
      reportedDrops += p.reportedDrops;
    }
    const now = this.options.clock.now();
    let left = this.ports.size;
    for (const flow of this.ports.values()) {
      left--;
      flow.offer(rows.length, reportedDrops, now, (id) => {
        // The last port takes the buffers themselves; earlier ones get copies.
        const bytes = left === 0 ? all.buffer : all.slice().buffer;
        const e = left === 0 ? ends : ends.slice();
        return [
          { type: "rows", batch: id, rows, bytes, ends: e, reportedDrops },
          [bytes, e.buffer],
        ];
      });
    }
  }

  private broadcast(message: ToPage): void {
    for (const port of this.ports.keys()) port.postMessage(message);
  }
}
