/**
 * The tab's end of the ingest worker (src/ingest): starts or joins the worker for this
 * gateway URL, tells it what the tab wants to see (filters and sort, the rows on screen,
 * pause, Clear, capacity) and turns its messages into observable state: the view's rows and
 * counts (ViewStore), the connection state, the agents' status and the agent filter in force
 * (ValueStores read with useSyncExternalStore), and answers to requests (detail, process tree,
 * step, export) as promises.
 *
 * Flow: each update is acked once the next frame has been produced, and the worker sends
 * nothing more until then, so the tab's work per frame is bounded by the rows it draws.
 * Invariants: messages posted before `start` wait for the hello; spec versions increase.
 */
import type { FrameScheduler } from "../lib/clock";
import { ValueStore } from "../lib/value-store";
import type { ColumnId } from "../model/columns";
import type { AgentFilterLists } from "../tetra/agent-filter";
import {
  workerName,
  type AgentFilterState,
  type AgentCall,
  type AgentCallAnswer,
  type ConnectionState,
  type DetailResult,
  type ExportFormat,
  type StatsSnapshot,
  type ProcessResult,
  type ProcessTarget,
  type FileSourceState,
  type StatusSnapshot,
  type ToPage,
  type ToWorker,
  type ViewSpec,
  type ViewUpdate,
  type Viewport,
} from "../protocol/protocol";
import { ViewStore } from "./view-store";

export interface Endpoint {
  postMessage(message: ToWorker): void;
  onmessage: ((e: MessageEvent<ToPage>) => void) | null;
}

export interface OpenedWorker {
  readonly endpoint: Endpoint;
  readonly close: () => void;
  readonly mode: "shared" | "dedicated";
}

/** The real worker: shared by every tab where SharedWorker exists, else this tab's own. */
export function openIngestWorker(baseUrl: string): OpenedWorker {
  const name = workerName(baseUrl);
  if (typeof SharedWorker === "function") {
    const worker = new SharedWorker(new URL("../ingest/main.ts", import.meta.url), {
      type: "module",
      name,
    });
    const port = worker.port;
    return {
      endpoint: port,
      close: () => {
        port.close();
      },
      mode: "shared",
    };
  }
  const worker = new Worker(new URL("../ingest/main.ts", import.meta.url), {
    type: "module",
    name,
  });
  return {
    endpoint: worker,
    close: () => {
      worker.terminate();
    },
    mode: "dedicated",
  };
}

export interface ViewClientOptions {
  readonly baseUrl: string;
  /** The buffer capacity this tab asks for (the worker uses the first tab's). */
  readonly capacity: number;
  readonly bench: boolean;
  /** The `af` param of the tab's URL at start ("" or undefined: adopt the one in force). */
  readonly agentFilterParam?: string;
  readonly frames: FrameScheduler;
  readonly open?: (baseUrl: string) => OpenedWorker;
}

interface ExportInProgress {
  readonly parts: string[];
  rows: number;
  readonly onProgress: (rows: number) => void;
  readonly resolve: (parts: string[]) => void;
}

export class ViewClient {
  readonly connection = new ValueStore<ConnectionState>({ phase: "idle" });
  readonly status = new ValueStore<StatusSnapshot>({ agents: [], error: "" });
  readonly view = new ViewStore();
  /** The counts strip's data while it is open (setStatsOpen), else the last one or null. */
  readonly stats = new ValueStore<StatsSnapshot | null>(null);
  /** The log file opened through "Open log…" (by any tab: they share the buffer). */
  readonly fileSource = new ValueStore<FileSourceState | null>(null);
  /** The agent filter in force (the worker's: the same in every tab). */
  readonly agentFilter = new ValueStore<AgentFilterState>({
    lists: { allow: [], deny: [] },
    param: "",
    error: "",
    version: -1,
  });
  /** Every update as it arrives (the ?bench=1 hook observes these). */
  onUpdate: ((update: ViewUpdate) => void) | null = null;
  private opened: OpenedWorker | null = null;
  private queued: ToWorker[] = [];
  private specVersion = 0;
  /** Recent specs by version (what an update's `version` showed). */
  private readonly specs = new Map<number, ViewSpec>();
  private pausedIntent = false;
  private nextId = 1;
  private ackFrame: (() => void) | null = null;
  private readonly details = new Map<number, (r: DetailResult) => void>();
  private readonly processes = new Map<number, (r: ProcessResult) => void>();
  private readonly steps = new Map<number, (r: { key: string; index: number } | null) => void>();
  private readonly exports = new Map<number, ExportInProgress>();
  private readonly agentCalls = new Map<number, (answer: AgentCallAnswer) => void>();
  private statsAckFrame: (() => void) | null = null;
  private readonly openLogs = new Map<number, (r: { paused: boolean; error: string }) => void>();

  constructor(private readonly options: ViewClientOptions) {}

  get mode(): "shared" | "dedicated" {
    return this.opened?.mode ?? (typeof SharedWorker === "function" ? "shared" : "dedicated");
  }

  start(): void {
    if (this.opened !== null) return;
    const opened = (this.options.open ?? openIngestWorker)(this.options.baseUrl);
    this.opened = opened;
    opened.endpoint.onmessage = (e) => {
      this.receive(e.data);
    };
    const { baseUrl, capacity, bench, agentFilterParam } = this.options;
    opened.endpoint.postMessage({
      type: "hello",
      baseUrl,
      capacity,
      bench,
      ...(agentFilterParam === undefined || agentFilterParam === ""
        ? {}
        : { agentFilter: agentFilterParam }),
    });
    for (const m of this.queued) opened.endpoint.postMessage(m);
    this.queued = [];
  }

  stop(): void {
    if (this.opened === null) return;
    this.opened.endpoint.postMessage({ type: "bye" });
    this.opened.close();
    this.opened = null;
    this.ackFrame?.();
    this.ackFrame = null;
    this.statsAckFrame?.();
    this.statsAckFrame = null;
    this.connection.set({ phase: "stopped", reason: "stopped" });
  }

  /** A new filter/sort; returns its version (the update's `version` says when it shows). */
  setSpec(spec: ViewSpec): number {
    const version = ++this.specVersion;
    this.specs.set(version, spec);
    this.specs.delete(version - 32);
    this.post({ type: "view", version, spec });
    return version;
  }

  /** The spec sent as `version` (recent ones only). */
  specOf(version: number): ViewSpec | undefined {
    return this.specs.get(version);
  }

  setViewport(viewport: Viewport): void {
    this.post({ type: "viewport", viewport });
  }

  /** The capacity this tab asked for when it joined. */
  get requestedCapacity(): number {
    return this.options.capacity;
  }

  get paused(): boolean {
    return this.pausedIntent;
  }

  setPaused(paused: boolean): void {
    this.pausedIntent = paused;
    this.post({ type: "pause", paused });
  }

  clear(): void {
    this.post({ type: "clear" });
  }

  setCapacity(capacity: number): void {
    this.post({ type: "capacity", capacity });
  }

  /**
   * Asks the worker to restart its stream with this agent filter (for every tab: one stream).
   * The worker validates it; `agentFilter` shows the result.
   */
  setAgentFilter(lists: AgentFilterLists): void {
    this.post({ type: "agentFilter", lists });
  }

  retryNow(): void {
    this.post({ type: "retry" });
  }

  /** The selected event in full (found: false when it is not, or no longer, buffered). */
  detail(key: string): Promise<DetailResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.details.set(id, resolve);
      this.post({ type: "detail", id, key });
    });
  }

  /** The process tree around a process, built by the worker over its buffer. */
  process(target: ProcessTarget): Promise<ProcessResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.processes.set(id, resolve);
      this.post({ type: "process", id, target });
    });
  }

  /** The event `delta` rows from `key` in this tab's view (keyboard selection). */
  step(key: string | undefined, delta: 1 | -1): Promise<{ key: string; index: number } | null> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.steps.set(id, resolve);
      this.post({ type: "step", id, key, delta });
    });
  }

  /** The shown events as a file, in pieces (Blob parts), streamed from the worker. */
  exportRows(
    format: ExportFormat,
    columns: readonly ColumnId[],
    onProgress: (rows: number) => void = () => {},
  ): Promise<string[]> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.exports.set(id, { parts: [], rows: 0, onProgress, resolve });
      this.post({ type: "export", id, format, columns });
    });
  }

  /**
   * One agent's answer to one of the four allow-listed calls, made by the worker (the page
   * loads no gRPC code). Aborting cancels it in the worker and rejects.
   */
  agentCall(agent: string, call: AgentCall, signal: AbortSignal): Promise<AgentCallAnswer> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = () => {
        this.agentCalls.delete(id);
        this.post({ type: "agentCallCancel", id });
        reject(signal.reason as Error);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.agentCalls.set(id, (answer) => {
        signal.removeEventListener("abort", onAbort);
        resolve(answer);
      });
      this.post({ type: "agentCall", id, agent, call });
    });
  }

  /** The counts strip opened or closed: the worker sends `stats` only while it is open. */
  setStatsOpen(open: boolean): void {
    this.post({ type: "stats", on: open });
  }

  /**
   * Reads a Tetragon JSON log into the buffer (in the worker, streamed; progress in
   * `fileSource`). Resolves once the file is read; `error` when the worker refused it.
   */
  openLog(file: Blob, name: string): Promise<{ error: string }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.openLogs.set(id, ({ paused, error }) => {
        // The worker unpaused this tab's view for the read and paused it at the file's end
        // when the file gave events: the next Pause/Resume toggles from there.
        this.pausedIntent = paused;
        resolve({ error });
      });
      this.post({ type: "open-log", id, file, name });
    });
  }

  private post(message: ToWorker): void {
    if (this.opened === null) this.queued.push(message);
    else this.opened.endpoint.postMessage(message);
  }

  private receive(msg: ToPage): void {
    switch (msg.type) {
      case "update":
        this.view.set(msg.update);
        this.onUpdate?.(msg.update);
        this.ackAfterFrame(msg.update.update);
        return;
      case "state":
        this.connection.set(msg.state);
        return;
      case "status":
        this.status.set(msg.status);
        return;
      case "stats":
        this.stats.set(msg.stats);
        this.statsAckFrame?.();
        this.statsAckFrame = this.options.frames.request(() => {
          this.statsAckFrame = null;
          this.post({ type: "statsAck" });
        });
        return;
      case "agentCall":
        this.agentCalls.get(msg.id)?.(msg.answer);
        this.agentCalls.delete(msg.id);
        return;
      case "file":
        this.fileSource.set(msg.state);
        return;
      case "open-log":
        this.openLogs.get(msg.id)?.(msg);
        this.openLogs.delete(msg.id);
        return;
      case "agentFilter":
        this.agentFilter.set(msg.state);
        return;
      case "detail":
        this.details.get(msg.id)?.(msg.result);
        this.details.delete(msg.id);
        return;
      case "process":
        this.processes.get(msg.id)?.(msg.result);
        this.processes.delete(msg.id);
        return;
      case "step":
        this.steps.get(msg.id)?.(msg.found);
        this.steps.delete(msg.id);
        return;
      case "export": {
        const e = this.exports.get(msg.id);
        if (e === undefined) return;
        if (msg.chunk !== "") e.parts.push(msg.chunk);
        e.rows += msg.rows;
        e.onProgress(e.rows);
        if (msg.done) {
          this.exports.delete(msg.id);
          e.resolve(e.parts);
        }
        return;
      }
    }
  }

  /** Acks once the frame showing the update has been produced (or the backstop fired). */
  private ackAfterFrame(update: number): void {
    this.ackFrame?.();
    this.ackFrame = this.options.frames.request(() => {
      this.ackFrame = null;
      this.post({ type: "ack", update });
    });
  }
}
