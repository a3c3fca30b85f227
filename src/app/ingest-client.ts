/**
 * The page's end of the ingest worker (src/workers): starts or joins the worker for this
 * gateway URL, turns its messages into store calls and observable state, and exposes the
 * same small surface the UI used before the stream moved off the main thread
 * (`connection.state`, `connection.retryNow`, `poller.status`).
 *
 * Data flow: worker --rows batch--> pageRows (interned fields + bytes) -> store.ingest (one
 * call per batch: the store commits once per frame); gap -> store.addGap; state/status ->
 * ValueStores read with useSyncExternalStore. Main-thread work per event is one object built
 * from the cloned fields; decode and toEventRow ran in the worker.
 */
import type { RawEvent } from "../api/clients";
import { pageRows, StringInterner } from "../model/page-row";
import type { EventRow } from "../model/event-row";
import type { ConnectionState } from "../stream/connection";
import type { EventStore } from "../stream/event-store";
import type { StatusSnapshot } from "../stream/status-poller";
import { ValueStore } from "../stream/value-store";
import { workerName, type ToPage, type ToWorker } from "../workers/protocol";

export interface ConnectionHandle {
  readonly state: ValueStore<ConnectionState>;
  /** Skips the worker's remaining backoff delay. */
  retryNow(): void;
}

export interface PollerHandle {
  readonly status: ValueStore<StatusSnapshot>;
}

export interface IngestClient {
  readonly connection: ConnectionHandle;
  readonly poller: PollerHandle;
  /** "shared" (one stream for all tabs) or "dedicated" (this tab's own worker). */
  readonly mode: "shared" | "dedicated";
  start(): void;
  stop(): void;
}

interface Endpoint {
  postMessage(message: ToWorker): void;
  onmessage: ((e: MessageEvent<ToPage>) => void) | null;
}

function openWorker(baseUrl: string): {
  endpoint: Endpoint;
  close: () => void;
  mode: "shared" | "dedicated";
} {
  const name = workerName(baseUrl);
  if (typeof SharedWorker === "function") {
    const worker = new SharedWorker(new URL("../workers/ingest-worker.ts", import.meta.url), {
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
  const worker = new Worker(new URL("../workers/ingest-worker.ts", import.meta.url), {
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

export function createIngestClient(
  baseUrl: string,
  store: EventStore<RawEvent>,
  observe?: (rows: readonly EventRow[]) => void,
): IngestClient {
  const state = new ValueStore<ConnectionState>({ phase: "idle" });
  const status = new ValueStore<StatusSnapshot>({ agents: [], error: "" });
  const intern = new StringInterner();
  let opened: ReturnType<typeof openWorker> | null = null;
  const mode = typeof SharedWorker === "function" ? "shared" : "dedicated";

  const onMessage = (e: MessageEvent<ToPage>): void => {
    const msg = e.data;
    switch (msg.type) {
      case "rows": {
        const rows = pageRows(msg.rows, msg.bytes, msg.ends, intern);
        observe?.(rows);
        store.ingest(rows);
        store.noteDropped(msg.reportedDrops);
        // Taken: the worker may send more (it holds back batches while too many are unacked).
        opened?.endpoint.postMessage({ type: "ack", batch: msg.batch });
        return;
      }
      case "lost":
        store.noteDropped(msg.count);
        store.addGap({
          startMs: msg.startMs,
          endMs: msg.endMs,
          node: "",
          reason: "this tab fell behind the stream",
          source: "browser",
          dropped: msg.count,
        });
        return;
      case "gap":
        store.addGap(msg.gap);
        return;
      case "state":
        state.set(msg.state);
        return;
      case "status":
        status.set(msg.status);
        return;
    }
  };
  const onPageHide = (): void => {
    opened?.endpoint.postMessage({ type: "bye" });
  };

  return {
    connection: {
      state,
      retryNow: () => opened?.endpoint.postMessage({ type: "retry" }),
    },
    poller: { status },
    mode,
    start() {
      if (opened !== null) return;
      opened = openWorker(baseUrl);
      opened.endpoint.onmessage = onMessage;
      opened.endpoint.postMessage({ type: "hello", baseUrl });
      window.addEventListener("pagehide", onPageHide);
    },
    stop() {
      if (opened === null) return;
      window.removeEventListener("pagehide", onPageHide);
      opened.endpoint.postMessage({ type: "bye" });
      opened.close();
      opened = null;
      state.set({ phase: "stopped", reason: "stopped" });
    },
  };
}
