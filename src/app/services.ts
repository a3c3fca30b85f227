/**
 * Composition root: store, and the ingest worker client that feeds it (the GetEvents stream,
 * protobuf decode, toEventRow and the GetStatus poll run in a SharedWorker, see
 * src/workers), created once at startup (never in render) and handed to React through
 * context.
 */
import type { RawEvent } from "../api/clients";
import { resolveGatewayUrl } from "../api/gateway-url";
import { DEFAULT_CAPACITY, EventStore } from "../stream/event-store";
import { loadNumber } from "../hooks/local-settings";
import { benchEnabled, installBenchHook } from "./bench-hook";
import { browserClock, browserFrames } from "./browser-clock";
import { createIngestClient, type ConnectionHandle, type PollerHandle } from "./ingest-client";

export const CAPACITY_KEY = "tetragon-dashboard.capacity";

export interface Services {
  readonly store: EventStore<RawEvent>;
  readonly connection: ConnectionHandle;
  readonly poller: PollerHandle;
  readonly gatewayUrl: string;
  /** A rejected ?gateway= / VITE_GATEWAY_URL, shown in the header. */
  readonly gatewayWarning: string;
  start(): void;
  stop(): void;
}

export function createServices(): Services {
  const { baseUrl, warning } = resolveGatewayUrl(
    window.location.href,
    import.meta.env["VITE_GATEWAY_URL"] as string | undefined,
  );
  const store = new EventStore<RawEvent>({
    clock: browserClock,
    frames: browserFrames,
    capacity: loadNumber(CAPACITY_KEY, DEFAULT_CAPACITY, 100, 1_000_000),
  });
  const observe = benchEnabled(window.location.search) ? installBenchHook(store) : undefined;
  const ingest = createIngestClient(baseUrl, store, observe);
  return {
    store,
    connection: ingest.connection,
    poller: ingest.poller,
    gatewayUrl: baseUrl,
    gatewayWarning: warning,
    start() {
      ingest.start();
    },
    stop() {
      ingest.stop();
      store.dispose();
    },
  };
}
