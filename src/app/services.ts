/**
 * Composition root: transport -> clients -> store, stream connection and status poller,
 * created once at startup (never in render) and handed to React through context.
 */
import { createDashboardApi, createTransport, type RawEvent } from "../api/clients";
import { classifyStreamError, describeError } from "../api/errors";
import { resolveGatewayUrl } from "../api/gateway-url";
import { toEventRow } from "../model/to-event-row";
import { StreamConnection } from "../stream/connection";
import { DEFAULT_CAPACITY, EventStore } from "../stream/event-store";
import { StatusPoller } from "../stream/status-poller";
import { browserClock, browserFrames } from "./browser-clock";
import { loadNumber } from "../hooks/local-settings";
import { benchEnabled, installBenchHook } from "./bench-hook";

export const CAPACITY_KEY = "tetragon-dashboard.capacity";

export interface Services {
  readonly store: EventStore<RawEvent>;
  readonly connection: StreamConnection<RawEvent>;
  readonly poller: StatusPoller;
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
  const api = createDashboardApi(createTransport(baseUrl));
  const store = new EventStore<RawEvent>({
    clock: browserClock,
    frames: browserFrames,
    capacity: loadNumber(CAPACITY_KEY, DEFAULT_CAPACITY, 100, 1_000_000),
  });
  const observe = benchEnabled(window.location.search) ? installBenchHook(store) : undefined;
  let seq = 0;
  const connection = new StreamConnection<RawEvent>({
    clock: browserClock,
    source: (signal, onOpen) => api.getEvents(signal, onOpen),
    toItem: (raw) => ({ row: toEventRow(raw, ++seq), raw }),
    sink: (batch) => {
      observe?.(batch.map((item) => item.row));
      store.ingest(batch);
    },
    onGap: (gap) => {
      store.addGap(gap);
    },
    classify: classifyStreamError,
  });
  const poller = new StatusPoller({
    clock: browserClock,
    fetchStatus: (signal) => api.getStatus(signal),
    onGap: (gap) => {
      store.addGap(gap);
    },
    describeError,
  });
  return {
    store,
    connection,
    poller,
    gatewayUrl: baseUrl,
    gatewayWarning: warning,
    start() {
      void connection.start();
      poller.start();
    },
    stop() {
      connection.stop();
      poller.stop();
      store.dispose();
    },
  };
}
