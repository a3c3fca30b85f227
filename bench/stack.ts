/**
 * The harness's moving parts outside the browser, each in its own process: the synthetic
 * agent, the gateway (counters and CPU profile over IPC) and the proxy figures' stream
 * client; plus the dist/ freshness check and its gzip size, and the decode bundle (a Vite
 * library build of decode-entry.ts, kept in memory).
 */
import { fork, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "playwright-core";
import { chromiumArgs, chromiumExecutablePath } from "../e2e/chromium.js";

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (this file runs from bench/.build/bench/). */
export const repoRoot = join(here, "..", "..", "..");

export interface AgentProcess {
  address: string;
  meanEventBytes: number;
  /** Events per second on every open stream (0 pauses); `limit`: per-stream stop after. */
  setRate(rate: number | "max", limit?: number): Promise<number>;
  sent(): Promise<number>;
  /** GetEvents streams open at the agent. */
  streams(): Promise<number>;
  close(): Promise<void>;
}

interface Service {
  ready: Record<string, unknown>;
  call: (op: string, extra?: Record<string, unknown>) => Promise<Record<string, unknown>>;
  close: () => Promise<void>;
}

/** Forks `file` (IPC: {ready} once, then one {id, ...} reply per {id, op} request). */
async function forkService(file: string, args: string[] = []): Promise<Service> {
  const child = fork(join(here, file), args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const waiting = new Map<number, (msg: Record<string, unknown>) => void>();
  let nextId = 1;
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      reject(new Error(`${file} exited with ${String(code)}`));
    });
    child.on("message", (raw) => {
      const msg = raw as Record<string, unknown>;
      if (msg["ready"] === true) resolve(msg);
      else waiting.get(msg["id"] as number)?.(msg);
    });
  });
  const call = (op: string, extra: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (m) => {
        waiting.delete(id);
        if (typeof m["error"] === "string") reject(new Error(`${file} ${op}: ${m["error"]}`));
        else resolve(m);
      });
      child.send({ id, op, ...extra });
    });
  return {
    ready,
    call,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      await call("close").catch(() => undefined);
      await exited;
    },
  };
}

export async function startAgentProcess(): Promise<AgentProcess> {
  const s = await forkService("agent-process.js");
  return {
    address: String(s.ready["address"]),
    meanEventBytes: Number(s.ready["meanEventBytes"]),
    setRate: async (rate, limit) =>
      Number(
        (await s.call("setRate", { rate, ...(limit === undefined ? {} : { limit }) }))["sent"],
      ),
    sent: async () => Number((await s.call("sent"))["sent"]),
    streams: async () => Number((await s.call("sent"))["streams"]),
    close: s.close,
  };
}

export interface GatewayCounters {
  /** Events read from the agent (events_total of GET /api/status), all streams. */
  readFromAgent: number;
  /** Events dropped for browser streams that fell behind. */
  dropped: number;
  /** Events queued for browser streams right now. */
  queued: number;
  upstreamOpen: number;
  /** The gateway process's CPU time (user + system) since it started, µs. */
  cpuUs: number;
  /** Involuntary context switches since it started (the OS preempted the gateway). */
  preempted: number;
  /** Event-loop delay since the previous counters() call (5 ms resolution timer), ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface GatewayProcess {
  url: string;
  counters(): Promise<GatewayCounters>;
  profileStart(): Promise<void>;
  profileStop(path: string): Promise<void>;
  close(): Promise<void>;
}

export async function startGatewayProcess(agentAddress: string): Promise<GatewayProcess> {
  const s = await forkService("gateway-process.js", [agentAddress, join(repoRoot, "dist")]);
  return {
    url: String(s.ready["url"]),
    counters: async () => (await s.call("counters")) as unknown as GatewayCounters,
    profileStart: async () => {
      await s.call("profileStart");
    },
    profileStop: async (path) => {
      await s.call("profileStop", { path });
    },
    close: s.close,
  };
}

export interface KubeClusterProcess {
  kubeconfigPath: string;
  namespace: string;
  close(): Promise<void>;
}

/** bench/kube-cluster-process.ts: the fake API server with one exec-only pod at `rate`/s. */
export async function startKubeClusterProcess(rate: number | "max"): Promise<KubeClusterProcess> {
  const s = await forkService("kube-cluster-process.js", [String(rate)]);
  return {
    kubeconfigPath: String(s.ready["kubeconfigPath"]),
    namespace: String(s.ready["namespace"]),
    close: s.close,
  };
}

export interface ClientResult {
  events: number;
  seconds: number;
  perSec: number;
  p50: number;
  p99: number;
}

/**
 * Runs bench/client-process.ts (a decoding connect client, native gRPC or gRPC-Web) against
 * `baseUrl` for `seconds` after `warm` seconds; for any events (bench/kube-bench.ts).
 */
export async function runClient(
  baseUrl: string,
  warm: number,
  seconds: number,
  protocol: "grpc" | "grpc-web" = "grpc",
): Promise<ClientResult> {
  const args = [baseUrl, String(warm), String(seconds), protocol];
  const child = fork(join(here, "client-process.js"), args, {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.once("exit", r));
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as ClientResult;
}

export interface StreamClientResult {
  /** Events received in order and byte-identical (agent's templates) before any problem. */
  delivered: number;
  /** Event frames received, in order or not (drop notices excluded). */
  events: number;
  problem: string | undefined;
  /** Date.now() of the last event frame. */
  lastMs: number;
  /** Latency (ms) of each delivered event, in sequence order. */
  latencies: number[];
}

export interface StreamClientReport {
  streams: StreamClientResult[];
  /** The client process's CPU time (user + system), µs. */
  cpuUs: number;
}

export interface StreamTarget {
  baseUrl: string;
  protocol: "grpc" | "grpc-web";
}

/**
 * Forks bench/stream-client.ts: one GetEvents stream per target, read side by side in one
 * process, each stopping after `limit` events (or all after `timeoutMs`). `opened` resolves
 * once every stream has its response headers.
 */
export function openStreamClient(
  targets: readonly StreamTarget[],
  limit: number,
  timeoutMs: number,
): {
  opened: Promise<void>;
  result: Promise<StreamClientReport>;
  /** Asks for the report now (streams that lost events never reach `limit`). */
  finish: () => void;
} {
  const args = [
    String(limit),
    String(timeoutMs),
    ...targets.flatMap((t) => [t.baseUrl, t.protocol]),
  ];
  const child = fork(join(here, "stream-client.js"), args, {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let opened!: () => void;
  const openedP = new Promise<void>((r) => (opened = r));
  const result = new Promise<{ streams: StreamClientResult[]; cpuUs: number }>(
    (resolve, reject) => {
      child.on("message", (raw) => {
        const msg = raw as { type: string; streams: StreamClientResult[]; cpuUs: number };
        if (msg.type === "open") opened();
        else if (msg.type === "result") resolve(msg);
      });
      child.once("exit", (code) => {
        opened();
        reject(new Error(`stream client exited with ${String(code)} before reporting`));
      });
    },
  );
  // Awaited later, after other waits: a crash before then must not be an unhandled rejection.
  result.catch(() => undefined);
  const finish = (): void => {
    // The child may have reported and exited just now (`connected` is still true while its
    // channel closes): the send then fails with EPIPE, which without a callback would be an
    // unhandled 'error' event. Its report or exit settles `result` either way.
    if (child.connected) child.send({ op: "finish" }, () => undefined);
  };
  return { opened: openedP, result, finish };
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Rebuilds dist/ (vite build) when any app source is newer than dist/index.html. */
export function ensureAppBuild(log: (s: string) => void): void {
  const inputs = ["src", "index.html", "vite.config.ts", "package.json"].map((p) =>
    join(repoRoot, p),
  );
  let built = 0;
  try {
    built = statSync(join(repoRoot, "dist", "index.html")).mtimeMs;
  } catch {
    built = 0;
  }
  if (inputs.every((p) => newestMtime(p) <= built)) return;
  log("dist/ is stale: npm run build:app");
  const r = spawnSync("npm", ["run", "--silent", "build:app"], { cwd: repoRoot, stdio: "inherit" });
  if (r.status !== 0) throw new Error("npm run build:app failed");
}

/** gzip -9 size of the scripts index.html loads up front (module entry + modulepreloads). */
export function initialJsGzipBytes(): { bytes: number; files: string[] } {
  const html = readFileSync(join(repoRoot, "dist", "index.html"), "utf8");
  const files = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)) if (m[1]) files.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g))
    if (m[1]) files.add(m[1]);
  let bytes = 0;
  for (const f of files) {
    bytes += gzipSync(readFileSync(join(repoRoot, "dist", f.replace(/^\//, ""))), {
      level: 9,
    }).length;
  }
  return { bytes, files: [...files] };
}

/** Bundles bench/decode-entry.ts (protobuf-es + the generated schema) as one IIFE string. */
export async function buildDecodeBundle(): Promise<string> {
  const { build } = await import("vite");
  const result = await build({
    configFile: false,
    logLevel: "silent",
    root: repoRoot,
    build: {
      write: false,
      minify: true,
      lib: {
        entry: join(repoRoot, "bench", "decode-entry.ts"),
        formats: ["iife"],
        name: "benchDecodeBundle",
      },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const o of outputs) {
    if ("output" in o) {
      for (const chunk of o.output) if (chunk.type === "chunk") return chunk.code;
    }
  }
  throw new Error("decode bundle: no chunk");
}

/**
 * The stack a browser run measures: the synthetic agent and the gateway (each its own
 * process, dist/ rebuilt first when stale) and Debian's Chromium with the e2e flags.
 */
export async function startBrowserStack(
  log: (s: string) => void,
): Promise<{ agent: AgentProcess; gateway: GatewayProcess; browser: Browser }> {
  ensureAppBuild(log);
  const agent = await startAgentProcess();
  const gateway = await startGatewayProcess(agent.address);
  const browser = await chromium.launch({
    executablePath: chromiumExecutablePath,
    args: [...chromiumArgs],
  });
  return { agent, gateway, browser };
}
