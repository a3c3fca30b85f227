/**
 * Shared helpers for server/reliability: the SOAK switch (long variants for `npm run soak`),
 * figure recording for the soak summary, a background event reader, a cleanup stack, and an
 * agent with a gateway in front of it.
 */
import { appendFileSync } from "node:fs";
import { ConnectError } from "@connectrpc/connect";
import type { GetEventsResponse } from "../../src/gen/tetragon/events_pb.js";
import { type Gateway, type GatewayOptions, startGateway } from "../gateway.js";
import { type FakeAgent, type FakeAgentOptions, startFakeAgent } from "./fake-agent.js";
import { type Protocol, sensorsClient } from "./fixtures.js";

/** `SOAK=1`: run the long variants (npm run soak). */
export const soak = process.env["SOAK"] === "1";

/** Appends one measured figure to $SOAK_FIGURES (JSON lines) for scripts/soak.mjs to print. */
export function recordFigure(test: string, figures: Record<string, number | string>): void {
  const file = process.env["SOAK_FIGURES"];
  if (file === undefined || file === "") return;
  appendFileSync(file, `${JSON.stringify({ test, ...figures })}\n`);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** LIFO cleanup, run from afterEach. */
export function cleanupStack(): { push(fn: () => Promise<unknown>): void; run(): Promise<void> } {
  const fns: (() => Promise<unknown>)[] = [];
  return {
    push: (fn) => fns.push(fn),
    run: async () => {
      for (const fn of fns.splice(0).reverse()) await fn();
    },
  };
}

export interface Watcher {
  /** Events received so far (or only counted, with `keep: false`). */
  readonly got: GetEventsResponse[];
  count(): number;
  /** Resolves when the stream ends: undefined for a clean end, else the error. */
  readonly ended: Promise<ConnectError | undefined>;
  abort(): void;
}

/** Reads a GetEvents stream in the background, like a browser tab. */
export function watch(
  baseUrl: string,
  options: {
    request?: Parameters<ReturnType<typeof sensorsClient>["getEvents"]>[0];
    protocol?: Protocol;
    keep?: boolean;
    onEvent?: (res: GetEventsResponse) => void;
  } = {},
): Watcher {
  const controller = new AbortController();
  const got: GetEventsResponse[] = [];
  let n = 0;
  const ended = (async () => {
    try {
      const client = sensorsClient(baseUrl, options.protocol ?? "grpc-web");
      for await (const res of client.getEvents(options.request ?? {}, {
        signal: controller.signal,
      })) {
        n++;
        if (options.keep !== false) got.push(res);
        options.onEvent?.(res);
      }
      return undefined;
    } catch (err) {
      return ConnectError.from(err);
    }
  })();
  return {
    got,
    count: () => n,
    ended,
    abort: () => {
      controller.abort();
    },
  };
}

/** The sequence number the paced fake agent put in an exec event (pid = 1000 + seq). */
export function seqOf(res: GetEventsResponse): number | undefined {
  if (res.event.case !== "processExec") return undefined;
  const pid = res.event.value.process?.pid;
  return pid === undefined ? undefined : pid - 1000;
}

/**
 * A fake agent and a gateway in front of it (no static files, logs dropped unless given),
 * both closed by `cleanup`: the common start of a gateway integration test.
 */
export async function agentAndGateway(
  cleanup: { push(fn: () => Promise<unknown>): void },
  agentOptions: FakeAgentOptions = {},
  gatewayOptions: Partial<GatewayOptions> = {},
): Promise<{ agent: FakeAgent; gateway: Gateway }> {
  const agent = await startFakeAgent(agentOptions);
  cleanup.push(() => agent.close());
  const gateway = await startGateway({
    agents: [agent.address],
    port: 0,
    staticDir: "/nonexistent",
    log: () => undefined,
    ...gatewayOptions,
  });
  cleanup.push(() => gateway.close());
  return { agent, gateway };
}
