/**
 * The ingest hub: ONE GetEvents stream and ONE GetStatus poll per gateway, fanned out to
 * every connected page (tab) over MessagePorts. Runs inside the ingest worker; plain TS with
 * the clock, the byte source and the status fetch injected, so tests drive it in memory.
 *
 * Data flow: source (encoded events) -> fromBinary -> toEventRow -> pending batch; every
 * `flushMs` (or at `maxBatch` rows) one `rows` message per port: the rows without `raw` plus
 * the events' bytes in one ArrayBuffer (transferred to the last port, copied for others).
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
}

interface Pending {
  row: WireRow;
  bytes: Uint8Array;
}

export class IngestHub {
  private readonly ports = new Set<PortLike>();
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
      toItem: (bytes) => ({
        row: toRowFields(fromBinary(GetEventsResponseSchema, bytes), ++this.seq),
        bytes,
      }),
      sink: (batch) => {
        for (const item of batch) this.add(item.row, item.bytes);
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
    this.ports.add(port);
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

  retryNow(): void {
    this.connection.retryNow();
  }

  stop(): void {
    this.flush();
    this.connection.stop();
    this.poller.stop();
  }

  private add(row: WireRow, bytes: Uint8Array): void {
    this.pending.push({ row, bytes });
    this.pendingBytes += bytes.length;
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
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i];
      if (p === undefined) continue;
      all.set(p.bytes, at);
      at += p.bytes.length;
      ends[i] = at;
      rows[i] = p.row;
    }
    let left = this.ports.size;
    for (const port of this.ports) {
      left--;
      // The last port takes the buffers themselves; earlier ones get copies.
      const bytes = left === 0 ? all.buffer : all.slice().buffer;
      const e = left === 0 ? ends : ends.slice();
      port.postMessage({ type: "rows", rows, bytes, ends: e }, [bytes, e.buffer]);
    }
  }

  private broadcast(message: ToPage): void {
    for (const port of this.ports) port.postMessage(message);
  }
}
