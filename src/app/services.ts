/**
 * Composition root of the page: the client of the ingest worker (which holds the GetEvents
 * stream, the status poll and the one buffer every tab shares, see src/ingest), created once
 * at startup (never in render) and handed to React through context.
 */
import { readAgentFilterParam } from "../filters/url";
import { loadNumber } from "../hooks/local-settings";
import { DEFAULT_CAPACITY, MAX_CAPACITY } from "../model/capacity";
import type { AgentInfoApi } from "../ingest/agent-info-client";
import { agentInfoThroughWorker } from "../view/agent-info-proxy";
import { browserFrames } from "../view/browser-frames";
import { resolveGatewayUrl } from "../view/gateway-url";
import { ViewClient } from "../view/worker-client";
import { benchEnabled, installBenchHook } from "./bench-hook";

export const CAPACITY_KEY = "tetragon-dashboard.capacity";

export interface Services {
  readonly client: ViewClient;
  /** The Agents dialog's calls, made by the ingest worker. */
  readonly agentInfo: AgentInfoApi;
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
  const bench = benchEnabled(window.location.search);
  const client = new ViewClient({
    baseUrl,
    capacity: loadNumber(CAPACITY_KEY, DEFAULT_CAPACITY, 100, MAX_CAPACITY),
    bench,
    agentFilterParam: readAgentFilterParam(window.location.search),
    frames: browserFrames,
  });
  if (bench) installBenchHook(client);
  return {
    client,
    agentInfo: agentInfoThroughWorker(client),
    gatewayUrl: baseUrl,
    gatewayWarning: warning,
    start() {
      client.start();
    },
    stop() {
      client.stop();
    },
  };
}
