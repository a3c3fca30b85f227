/**
 * The ingest worker's entry: a SharedWorker (one per origin and gateway URL, so every tab of
 * the dashboard shares ONE GetEvents stream and ONE status poll: seven tabs over HTTP/1.1
 * would otherwise hold seven of the six connections a browser allows per host), or a
 * dedicated Worker where SharedWorker does not exist (then each tab has its own stream).
 *
 * Data flow: page --hello(baseUrl)--> worker; the IngestHub streams, decodes, builds rows and
 * posts batches to every port. Pages say `bye` on pagehide; a port that never says it (a
 * crashed tab) only costs its postMessage calls, which the browser drops.
 */
import { createDashboardApi, createTransport } from "../api/clients";
import { classifyStreamError, describeError } from "../api/errors";
import { getEventsBytes } from "../api/grpc-web-frames";
import type { Clock } from "../stream/clock";
import { type IngestDiagnostics, IngestHub, type PortLike } from "./ingest-hub";
import type { ToWorker } from "./protocol";

const workerClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const id = setTimeout(fn, ms);
    return () => {
      clearTimeout(id);
    };
  },
};

let hub: IngestHub | null = null;

function hubFor(baseUrl: string): IngestHub {
  if (hub !== null) return hub;
  const api = createDashboardApi(createTransport(baseUrl));
  hub = new IngestHub({
    clock: workerClock,
    source: (signal, onOpen) => getEventsBytes(baseUrl, signal, onOpen),
    fetchStatus: (signal) => api.getStatus(signal),
    classify: classifyStreamError,
    describeError,
  });
  return hub;
}

/**
 * For the e2e suite only (e2e/faults.spec.ts evaluates `__ingestDiagnostics()` in this
 * worker's CDP target). A worker's global scope is its own: no page script can reach it.
 */
(globalThis as { __ingestDiagnostics?: () => IngestDiagnostics | null }).__ingestDiagnostics = () =>
  hub?.diagnostics() ?? null;

interface PortEndpoint extends PortLike {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  start?: () => void;
}

function attach(port: PortEndpoint): void {
  port.onmessage = (e) => {
    const msg = e.data;
    switch (msg.type) {
      case "hello":
        hubFor(msg.baseUrl).connect(port);
        return;
      case "retry":
        hub?.retryNow();
        return;
      case "ack":
        hub?.ack(port, msg.batch);
        return;
      case "bye":
        hub?.disconnect(port);
        return;
    }
  };
  port.start?.();
}

const scope = globalThis as unknown as {
  onconnect?: ((e: MessageEvent) => void) | null;
} & PortEndpoint;

if ("onconnect" in scope) {
  scope.onconnect = (e: MessageEvent) => {
    const port = e.ports[0];
    if (port !== undefined) attach(port);
  };
} else {
  attach(scope);
}
