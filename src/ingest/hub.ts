/**
 * The ingest hub: ONE GetEvents stream, ONE GetStatus poll and ONE buffer per gateway, shared
 * by every connected tab. Runs inside the ingest worker; plain TS with the clock, the task
 * scheduler, the byte source and the status fetch injected, so tests drive it in memory.
 *
 * Data flow: source (encoded events) -> store.append (decode the row fields, columns, packed
 * bytes); gaps (the stream broke, an agent was down) -> markers. Every `flushMs` while events
 * arrive (and at once for a tab's own request), each tab whose view changed and that has
 * taken its last update is sent the next one (tab-session.ts): its rows on screen, counts,
 * filter errors. Requests (detail, process tree, step, export) are answered from the
 * buffer; the Agents dialog's calls go to the agents (agent-calls.ts); an open counts strip
 * gets `stats` (stats-feed.ts). An agent filter (agent-filter-control.ts) restarts the stream
 * with its GetEventsRequest; the buffer stays, and a marker "Agent filter changed" sits where
 * the new stream's events start. Invariants: at most one stream regardless of the number of
 * tabs; a position's row id is the same in every tab; a tab that is slow or gone costs at
 * most one pending update. "Open log…" reads a file into the same buffer through the same
 * append (file-source.ts).
 */
import { describeEncoded } from "../decode/describe-encoded.js";
import type { Cancel, Clock } from "../lib/clock.js";
import type {
  AgentStatusView,
  DetailResult,
  Gap,
  RowMarker,
  ToPage,
  ToWorker,
  ViewUpdate,
} from "../protocol/protocol.js";
import type { StreamFailure } from "../api/errors.js";
import { AgentFilterControl, type AgentFilterChange } from "./agent-filter-control.js";
import type { AgentInfoApi } from "./agent-info-client.js";
import { AgentCalls } from "./agent-calls.js";
import { StreamConnection } from "./connection.js";
import { exportJob } from "./export.js";
import { processAnswer } from "./process-answer.js";
import { FileSource } from "./file-source.js";
import type { PortLike } from "./port.js";
import type { Job, TaskScheduler } from "./query/jobs.js";
import { summarize } from "./query/segment-summary.js";
import { RateMeter } from "./rate-meter.js";
import { SequenceCheck } from "./seq-check.js";
import { StatsFeed } from "./stats-feed.js";
import { StatusPoller } from "./status-poller.js";
import { clampCapacity, EventStore } from "./store/event-store.js";
import type { BlockOptions } from "./store/byte-blocks.js";
import { gapPosition } from "./store/gap-place.js";
import { MarkerList } from "./store/markers.js";
import { SLOT_MASK } from "./store/segments.js";
import { TabSession } from "./tab-session.js";
import { TabView } from "./views/tab-view.js";

export interface IngestHubOptions {
  readonly clock: Clock;
  readonly scheduler: TaskScheduler;
  /** Opens GetEvents with `request` (an encoded GetEventsRequest: the agent filter). */
  readonly source: (
    signal: AbortSignal,
    onOpen: () => void,
    request: Uint8Array,
  ) => AsyncIterable<Uint8Array>;
  readonly fetchStatus: (signal: AbortSignal) => Promise<readonly AgentStatusView[]>;
  readonly classify: (error: unknown) => StreamFailure;
  readonly describeError: (error: unknown) => string;
  /** The buffer's capacity until a tab changes it. */
  readonly capacity: number;
  readonly blocks?: BlockOptions;
  /** How often tabs are updated while events arrive. */
  readonly flushMs?: number;
  /** The Agents dialog's calls (agent-calls.ts); without it they answer "not available". */
  readonly agentInfo?: AgentInfoApi;
}

type Hello = Extract<ToWorker, { type: "hello" }>;

/**
 * What the hub has done, for tests that drive a real browser: e2e/faults.spec.ts reads it in
 * the worker through CDP (see main.ts) to know, without a clock, that the worker took every
 * event while a tab was stopped. Read-only numbers; nothing here changes the hub.
 */
export interface IngestDiagnostics {
  /** Events the buffer received since the hub started. */
  readonly events: number;
  /** Per connected tab: whether an update waits for its ack. */
  readonly tabs: readonly { readonly awaitingAck: boolean }[];
}

export class IngestHub {
  readonly store: EventStore;
  readonly markers = new MarkerList<RowMarker>();
  readonly agentFilter = new AgentFilterControl();
  private readonly tabs = new Map<PortLike, TabSession>();
  private readonly exports = new Map<PortLike, Job[]>();
  private readonly connection: StreamConnection<Uint8Array>;
  private readonly poller: StatusPoller;
  private readonly rate: RateMeter;
  private readonly stats: StatsFeed;
  private readonly agentCalls: AgentCalls | null;
  private readonly files: FileSource;
  private seqCheck: SequenceCheck | null = null;
  private timer: Cancel | null = null;
  private started = false;

  constructor(private readonly options: IngestHubOptions) {
    this.store = new EventStore(
      options.blocks === undefined
        ? { capacity: clampCapacity(options.capacity) }
        : { capacity: clampCapacity(options.capacity), blocks: options.blocks },
    );
    this.rate = new RateMeter(options.clock, () => {
      this.changed();
    });
    this.stats = new StatsFeed({
      clock: options.clock,
      scheduler: options.scheduler,
      store: this.store,
    });
    this.agentCalls = options.agentInfo === undefined ? null : new AgentCalls(options.agentInfo);
    this.connection = new StreamConnection<Uint8Array>({
      clock: options.clock,
      source: (signal, onOpen) => options.source(signal, onOpen, this.agentFilter.requestBytes),
      sink: (bytes) => {
        if (!this.files.holdLive(bytes)) this.append(bytes);
      },
      onGap: (gap) => {
        this.addGap(gap);
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
        this.addGap(gap);
      },
      describeError: options.describeError,
    });
    this.poller.status.subscribe(() => {
      this.broadcast({ type: "status", status: this.poller.status.getSnapshot() });
    });
    this.files = new FileSource({
      now: () => options.clock.now(),
      append: (bytes) => {
        this.append(bytes);
      },
      addMarker: (gap) => {
        this.addGap(gap);
      },
      publish: (state) => {
        this.broadcast({ type: "file", state });
      },
    });
  }

  /** Adds a tab; starts the stream and the poll with the first one. */
  connect(port: PortLike, hello: Hello): void {
    if (hello.bench) this.seqCheck ??= new SequenceCheck();
    const view = new TabView({
      store: this.store,
      markers: this.markers,
      scheduler: this.options.scheduler,
      onChange: () => {
        session.markDirty(true);
        this.sendTo(session);
      },
    });
    const session = new TabSession(port, view, this.store);
    this.tabs.set(port, session);
    port.postMessage({ type: "state", state: this.connection.state.getSnapshot() });
    port.postMessage({ type: "status", status: this.poller.status.getSnapshot() });
    if (this.files.state !== null) port.postMessage({ type: "file", state: this.files.state });
    // A tab whose URL holds an agent filter applies it (a shared link); one without adopts
    // the filter in force.
    if (hello.agentFilter !== undefined && hello.agentFilter !== "") {
      this.changeAgentFilter(port, this.agentFilter.applyParam(hello.agentFilter));
    } else {
      port.postMessage({ type: "agentFilter", state: this.agentFilter.state });
    }
    this.sendTo(session);
    if (!this.started) {
      this.started = true;
      void this.connection.start();
      this.poller.start();
    }
  }

  disconnect(port: PortLike): void {
    this.stats.disconnect(port);
    this.agentCalls?.disconnect(port);
    this.tabs.get(port)?.view.dispose();
    this.tabs.delete(port);
    for (const job of this.exports.get(port) ?? []) job.cancel();
    this.exports.delete(port);
  }

  get tabCount(): number {
    return this.tabs.size;
  }

  /** Everything a tab sends after its hello. */
  handle(port: PortLike, msg: ToWorker): void {
    const session = this.tabs.get(port);
    if (session === undefined) return;
    switch (msg.type) {
      case "hello":
        return;
      case "view":
        // No update now: the view calls back (onChange) once the result is ready, at once
        // when nothing needs computing. An update now would hold the result back until the
        // tab had drawn and acked this one.
        session.view.setSpec(msg.version, msg.spec);
        return;
      case "viewport":
        session.setViewport(msg.viewport);
        break;
      case "pause":
        session.view.setPaused(msg.paused);
        break;
      case "clear":
        session.view.clear();
        break;
      case "capacity":
        this.store.setCapacity(clampCapacity(msg.capacity));
        this.markers.dropBefore(this.store.start);
        this.changed();
        return;
      case "ack":
        // Room for the next update: at once for what the tab asked for; new events wait
        // for the tick (tab-session.ts, urgentPending).
        session.ack(msg.update);
        if (session.urgentPending) this.sendTo(session);
        else if (session.dirtyPending) this.scheduleTick();
        return;
      case "retry":
        this.connection.retryNow();
        return;
      case "detail":
        port.postMessage({ type: "detail", id: msg.id, result: this.detail(msg.key) });
        return;
      case "process":
        port.postMessage({
          type: "process",
          id: msg.id,
          result: processAnswer(this.store, msg.target),
        });
        return;
      case "step":
        port.postMessage({
          type: "step",
          id: msg.id,
          found: this.step(session, msg.key, msg.delta),
        });
        return;
      case "export":
        this.startExport(session, msg.id, msg.format, msg.columns);
        return;
      case "agentCall":
        if (this.agentCalls === null) {
          const result = { ok: false, error: "this worker cannot call agents" } as const;
          port.postMessage({ type: "agentCall", id: msg.id, answer: { call: msg.call, result } });
        } else this.agentCalls.start(port, msg.id, msg.agent, msg.call);
        return;
      case "agentCallCancel":
        this.agentCalls?.cancel(port, msg.id);
        return;
      case "stats":
        this.stats.setEnabled(port, session.view, msg.on);
        return;
      case "statsAck":
        this.stats.ack(port);
        return;
      case "open-log":
        this.openLog(session, msg.id, msg.file, msg.name);
        return;
      case "agentFilter":
        this.changeAgentFilter(port, this.agentFilter.apply(msg.lists));
        return;
      case "bye":
        this.disconnect(port);
        return;
    }
    session.markDirty(true);
    this.sendTo(session);
  }

  diagnostics(): IngestDiagnostics {
    return {
      events: this.store.received,
      tabs: [...this.tabs.values()].map((t) => ({ awaitingAck: t.awaitingAck })),
    };
  }

  stop(): void {
    this.timer?.();
    this.timer = null;
    this.connection.stop();
    this.poller.stop();
    this.rate.dispose();
    this.stats.dispose();
    for (const port of [...this.tabs.keys()]) this.disconnect(port);
  }

  private append(bytes: Uint8Array): void {
    const pos = this.store.append(bytes);
    if ((pos & SLOT_MASK) === SLOT_MASK) this.summarizeSoon(pos);
    this.seqCheck?.observe(this.store.pidOf(pos), this.store.kindOf(pos) === "rate_limit_info");
    this.rate.record(1);
    this.stats.record(this.store.kindOf(pos), this.options.clock.now());
    this.changed();
  }

  /** A segment filled at `pos`: its columns' summaries for search, in a task of their own. */
  private summarizeSoon(pos: number): void {
    this.options.scheduler.defer(() => {
      if (this.store.holds(pos)) summarize(this.store.segment(pos), this.store.strings.idLimit);
    });
  }

  /**
   * After a change request from `port`: a new filter restarts the stream (the buffer stays)
   * behind a marker, and every tab is told; a refused one is reported to `port` alone.
   */
  private changeAgentFilter(port: PortLike, change: AgentFilterChange): void {
    const state = this.agentFilter.state;
    if (change.type === "refused") {
      port.postMessage({ type: "agentFilter", state: { ...state, error: change.error } });
      return;
    }
    if (change.type === "same") {
      port.postMessage({ type: "agentFilter", state });
      return;
    }
    if (this.started) {
      this.markers.add(
        { note: "agent-filter", startMs: this.options.clock.now(), summary: change.summary },
        this.store.end,
      );
      this.connection.restart();
      this.changed();
    }
    this.broadcast({ type: "agentFilter", state });
  }

  private addGap(gap: Gap): void {
    this.markers.add(gap, gapPosition(this.store, this.store.end, gap));
    this.changed();
  }

  /** The buffer changed: every tab gets an update at the next tick. */
  private changed(): void {
    for (const session of this.tabs.values()) session.markDirty();
    this.scheduleTick();
  }

  private scheduleTick(): void {
    this.timer ??= this.options.clock.setTimeout(() => {
      this.timer = null;
      this.tick();
    }, this.options.flushMs ?? 100);
  }

  private tick(): void {
    this.markers.dropBefore(this.store.start);
    for (const session of this.tabs.values()) this.sendTo(session);
    this.stats.keepUp();
  }

  private sendTo(session: TabSession): void {
    const s = this.store;
    const bench: ViewUpdate["bench"] =
      this.seqCheck === null
        ? undefined
        : {
            missing: this.seqCheck.missing,
            resets: this.seqCheck.resets,
            dropNotices: this.seqCheck.dropNotices,
          };
    session.sendIfReady(
      {
        received: s.received,
        evicted: s.evicted,
        dropped: s.droppedReported,
        eventsPerSec: this.rate.perSecond(),
        capacity: s.capacity,
        size: s.size,
      },
      bench,
    );
  }

  private detail(key: string): DetailResult {
    const pos = this.store.findByKey(key);
    if (pos === undefined) return { found: false };
    const row = this.store.rowView(pos);
    const execPos =
      row.kind === "exit" && row.execId !== ""
        ? this.store.findLatestWhere("exec", "execId", row.execId)
        : undefined;
    return {
      found: true,
      row,
      exec: execPos === undefined ? undefined : this.store.rowView(execPos),
      ...describeEncoded(this.store.bytes(pos)),
    };
  }

  private step(
    session: TabSession,
    key: string | undefined,
    delta: 1 | -1,
  ): { key: string; index: number } | null {
    const { view } = session;
    view.catchUp();
    const layout = view.layout();
    const count = layout.rowCount;
    const pos = key === undefined ? undefined : this.store.findByKey(key);
    const at = pos === undefined ? undefined : view.indexOfPos(layout, pos);
    const from = at ?? (delta === 1 ? -1 : count);
    for (let j = from + delta; j >= 0 && j < count; j += delta) {
      const e = layout.entryAt(j);
      if (e?.type === "event") return { key: this.store.rowView(e.pos).key, index: j };
    }
    return null;
  }

  private startExport(
    session: TabSession,
    id: number,
    format: Extract<ToWorker, { type: "export" }>["format"],
    columns: Extract<ToWorker, { type: "export" }>["columns"],
  ): void {
    const port = session.port;
    const post = (m: ToPage) => {
      port.postMessage(m);
    };
    const job = exportJob(
      this.store,
      session.view.snapshot(),
      format,
      columns,
      this.options.scheduler,
      {
        chunk: (chunk, rows) => {
          post({ type: "export", id, chunk, rows, done: false });
        },
        done: () => {
          post({ type: "export", id, chunk: "", rows: 0, done: true });
          this.exports.set(
            port,
            (this.exports.get(port) ?? []).filter((j) => j !== job),
          );
        },
      },
    );
    this.exports.set(port, [...(this.exports.get(port) ?? []), job]);
  }

  /**
   * Reads a log file into the buffer. The opening tab is shown the file whole: its view is
   * unpaused for the read and paused right after the file's last event, so live events that
   * follow wait behind "N new" (Resume) instead of scrolling the file away.
   */
  private openLog(session: TabSession, id: number, file: Blob, name: string): void {
    const { port } = session;
    const opened = this.files.open(file, name, (state) => {
      const stillOpen = this.tabs.get(port) === session;
      const pause = stillOpen && state.events > 0;
      if (pause) session.view.setPaused(true);
      this.changed();
      port.postMessage({ type: "open-log", id, paused: pause, error: "" });
    });
    if (!opened) {
      port.postMessage({
        type: "open-log",
        id,
        paused: false,
        error: "another log file is still being read: wait for it to finish",
      });
      return;
    }
    session.view.setPaused(false);
    session.markDirty(true);
    this.sendTo(session);
  }

  private broadcast(message: ToPage): void {
    for (const port of this.tabs.keys()) port.postMessage(message);
  }
}
