/**
 * The harness's moving parts outside the browser: the synthetic agent in a child process,
 * node gRPC clients in child processes, the dist/ freshness check and its gzip size, and the
 * decode bundle (a Vite library build of decode-entry.ts, kept in memory).
 */
import { fork, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (this file runs from bench/.build/bench/). */
export const repoRoot = join(here, "..", "..", "..");

export interface AgentProcess {
  address: string;
  meanEventBytes: number;
  setRate(rate: number | "max"): Promise<number>;
  sent(): Promise<number>;
  close(): Promise<void>;
}

export async function startAgentProcess(): Promise<AgentProcess> {
  const child = fork(join(here, "agent-process.js"), [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<number, (msg: Record<string, number>) => void>();
  let nextId = 1;
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      reject(new Error(`synthetic agent exited with ${String(code)}`));
    });
    child.on("message", (raw) => {
      const msg = raw as Record<string, unknown>;
      if (msg["ready"] === true) resolve(msg);
      else waiting.get(msg["id"] as number)?.(msg as Record<string, number>);
    });
  });
  const call = (op: string, extra: Record<string, unknown> = {}): Promise<Record<string, number>> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, (m) => {
        waiting.delete(id);
        resolve(m);
      });
      child.send({ id, op, ...extra });
    });
  return {
    address: String(ready["address"]),
    meanEventBytes: Number(ready["meanEventBytes"]),
    setRate: async (rate) => (await call("setRate", { rate })).sent ?? 0,
    sent: async () => (await call("sent")).sent ?? 0,
    close: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      await call("close").catch(() => undefined);
      await exited;
    },
  };
}

export interface ClientResult {
  events: number;
  seconds: number;
  perSec: number;
  p50: number;
  p99: number;
}

/** Runs a node client (native gRPC or gRPC-Web) against `baseUrl` for `seconds` after `warm` seconds. */
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
