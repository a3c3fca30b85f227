/**
 * The ingest worker's entry and composition root: a SharedWorker (one per origin and gateway
 * URL, so every tab of the dashboard shares ONE GetEvents stream, ONE status poll and ONE
 * buffer: seven tabs over HTTP/1.1 would otherwise hold seven of the six connections a
 * browser allows per host, and seven copies of every event), or a dedicated Worker where
 * SharedWorker does not exist (then each tab has its own).
 *
 * This is the one file of src/ingest that touches the real clock, timers and fetch (ESLint
 * allows them here only): everything else gets them injected. Data flow: tab --hello--> the
 * hub (created by the first hello, with that tab's capacity) --> every later message to the
 * hub. Tabs say `bye` on pagehide; a port that never says it (a crashed tab) only costs its
 * pending update.
 */
import { createDashboardApi, createTransport } from "../api/clients.js";
import { classifyStreamError, describeError } from "../api/errors.js";
import { getEventsBytes } from "../api/grpc-web-frames.js";
import type { Cancel, Clock } from "../lib/clock.js";
import type { ToPage, ToWorker } from "../protocol/protocol.js";
import { createAgentInfoApi } from "./agent-info-client.js";
import { IngestHub, type IngestDiagnostics } from "./hub.js";
import type { TaskScheduler } from "./query/jobs.js";

const clock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const id = setTimeout(fn, ms);
    return () => {
      clearTimeout(id);
    };
  },
};

/**
 * Deferred tasks through a MessageChannel: unlike nested setTimeout(0) (clamped to 4 ms), a
 * posted message runs as soon as the worker is free, after messages already queued.
 */
function channelScheduler(): TaskScheduler {
  const queue: { fn: () => void; live: boolean }[] = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    const task = queue.shift();
    if (task?.live === true) task.fn();
  };
  return {
    now: () => performance.now(),
    defer(fn): Cancel {
      const task = { fn, live: true };
      queue.push(task);
      channel.port2.postMessage(null);
      return () => {
        task.live = false;
      };
    },
  };
}

let hub: IngestHub | null = null;

function hubFor(hello: Extract<ToWorker, { type: "hello" }>): IngestHub {
  if (hub !== null) return hub;
  const transport = createTransport(hello.baseUrl);
  const api = createDashboardApi(transport);
  hub = new IngestHub({
    clock,
    scheduler: channelScheduler(),
    source: (signal, onOpen, request) =>
      getEventsBytes(hello.baseUrl, signal, onOpen, undefined, request),
    fetchStatus: (signal) => api.getStatus(signal),
    classify: classifyStreamError,
    describeError,
    capacity: hello.capacity,
    agentInfo: createAgentInfoApi(transport),
  });
  return hub;
}

/**
 * For the e2e suite only (e2e/faults.spec.ts evaluates `__ingestDiagnostics()` in this
 * worker's CDP target). A worker's global scope is its own: no page script can reach it.
 */
(globalThis as { __ingestDiagnostics?: () => IngestDiagnostics | null }).__ingestDiagnostics = () =>
  hub?.diagnostics() ?? null;

interface Endpoint {
  postMessage(message: ToPage): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  start?: () => void;
}

function attach(port: Endpoint): void {
  port.onmessage = (e) => {
    const msg = e.data;
    if (msg.type === "hello") hubFor(msg).connect(port, msg);
    else hub?.handle(port, msg);
  };
  port.start?.();
}

const scope = globalThis as unknown as {
  onconnect?: ((e: MessageEvent) => void) | null;
} & Endpoint;

if ("onconnect" in scope) {
  scope.onconnect = (e: MessageEvent) => {
    const port = e.ports[0];
    if (port !== undefined) attach(port);
  };
} else {
  attach(scope);
}
