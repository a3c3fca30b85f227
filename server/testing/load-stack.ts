/**
 * The out-of-process load test's driver: the synthetic agent (bench/agent-process.ts), the
 * compiled gateway (server/main.ts, started with CLI flags as `npm start` starts it) and the
 * gRPC-Web clients (bench/load-client.ts, several per process) each run in their own
 * processes, so the gateway's throughput is not capped by clients and agent sharing its
 * thread. Node 20 cannot run .ts, so `buildLoadProcesses` compiles the three entries with
 * tsc (bench/tsconfig.load.json, the server's compiler options) into a private folder.
 *
 * Run: wait until every client's upstream stream is open at the agent, then set the agent to
 * `perSecond` per stream with a limit of perSecond × seconds events per stream; wait until
 * every client has them all (or has a problem); collect reports, latency histograms and the
 * gateway's CPU time and peak RSS from /proc.
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startGatewayProcess } from "./gateway-process.js";
import type { LoadClientMessage, LoadClientReport } from "./load-protocol.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Compiles the three process entries; returns the output folder (remove with `rmSync`). */
export async function buildLoadProcesses(): Promise<string> {
  // Inside the repository, so the compiled files resolve node_modules; one folder per run,
  // so parallel runs never read each other's half-written output.
  const outDir = path.join(repoRoot, "bench", ".build", `load-${String(process.pid)}`);
  const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  const args = [tsc, "-p", path.join(repoRoot, "bench", "tsconfig.load.json"), "--outDir", outDir];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"] });
    child.on("exit", resolve);
  });
  if (code !== 0) {
    rmSync(outDir, { recursive: true, force: true });
    throw new Error(`tsc -p bench/tsconfig.load.json failed (${String(code)})`);
  }
  return outDir;
}

export interface LoadOptions {
  /** Folder from buildLoadProcesses. */
  buildDir: string;
  clients: number;
  /** Client processes; the clients are spread evenly over them. */
  processes: number;
  perSecond: number;
  seconds: number;
  /** Extra node flags for the gateway process (e.g. --cpu-prof). */
  gatewayNodeArgs?: string[];
  log?: (line: string) => void;
}

export interface ProcessUsage {
  cpuSeconds: number;
  /** CPU time / wall time over the run, in % of one core. */
  cpuPercent: number;
  peakRssMb: number;
}

export interface LoadResult {
  expectedPerClient: number;
  clients: LoadClientReport[];
  delivered: number;
  /** Set rate -> last event received by any client. */
  elapsedS: number;
  achievedPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  gateway: ProcessUsage;
  agent: ProcessUsage;
  clientProcesses: ProcessUsage;
  /** Gateway stderr lines about failures (reconnects, ended streams, refusals). */
  gatewayErrors: string[];
  /** Problems of the run itself (timeouts, crashed processes). */
  problems: string[];
  loadAverage: [number, number];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** utime + stime (clock ticks, 100/s on Linux) and peak RSS of a live process. */
function usage(pid: number | undefined): { ticks: number; hwmKb: number } {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const status = readFileSync(`/proc/${String(pid)}/status`, "utf8");
    const hwm = /VmHWM:\s+(\d+)/.exec(status)?.[1];
    return { ticks: Number(fields[11]) + Number(fields[12]), hwmKb: Number(hwm ?? 0) };
  } catch {
    return { ticks: 0, hwmKb: 0 }; // not Linux, or already gone
  }
}

function usageOver(
  pids: (number | undefined)[],
  before: { ticks: number }[],
  wallS: number,
): ProcessUsage {
  const after = pids.map(usage);
  const cpuSeconds = after.reduce((n, u, i) => n + u.ticks - (before[i]?.ticks ?? 0), 0) / 100;
  return {
    cpuSeconds: round(cpuSeconds, 1),
    cpuPercent: Math.round((100 * cpuSeconds) / Math.max(wallS, 1e-9)),
    peakRssMb: round(after.reduce((n, u) => n + u.hwmKb, 0) / 1024, 1),
  };
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

interface Ipc {
  child: ChildProcess;
  next<T>(
    pick: (msg: Record<string, unknown>) => T | undefined,
    what: string,
    ms: number,
  ): Promise<T>;
}

/** A forked child whose messages can be awaited by predicate. */
function ipc(child: ChildProcess, onMessage?: (msg: Record<string, unknown>) => void): Ipc {
  const waiters = new Set<(msg: Record<string, unknown>) => void>();
  child.on("message", (raw) => {
    const msg = raw as Record<string, unknown>;
    onMessage?.(msg);
    for (const w of [...waiters]) w(msg);
  });
  return {
    child,
    next: (pick, what, ms) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`load: timed out after ${String(ms)} ms waiting for ${what}`));
        }, ms);
        const waiter = (msg: Record<string, unknown>): void => {
          const value = pick(msg);
          if (value === undefined) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(value);
        };
        waiters.add(waiter);
      }),
  };
}

export interface AgentProcess {
  readonly address: string;
  readonly pid: number | undefined;
  /** One request to the agent process (setRate, sent) and its reply. */
  call(op: string, extra?: Record<string, unknown>): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/**
 * Hang guards for processes starting and streams opening: generous, since forking Node and
 * opening 20 streams took over 30 s on a 2-core machine at load average 25. They bound a
 * hang; they never decide an outcome.
 */
const START_GUARD_MS = 120_000;

/** The synthetic agent (bench/agent-process.ts) in its own process. */
export async function startAgentProcess(dir: string): Promise<AgentProcess> {
  const agent = ipc(
    fork(path.join(dir, "bench", "agent-process.js"), [], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
  const ready = await agent.next(
    (m) => (m["ready"] === true ? m : undefined),
    "the agent",
    START_GUARD_MS,
  );
  let callId = 1;
  return {
    address: String(ready["address"]),
    pid: agent.child.pid,
    call: (op, extra = {}) => {
      const id = callId++;
      agent.child.send({ id, op, ...extra });
      return agent.next(
        (m) => (m["id"] === id ? (m as Record<string, number>) : undefined),
        op,
        10_000,
      );
    },
    stop: () => exitOf(agent.child, () => agent.child.send({ id: 0, op: "close" })),
  };
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const log = options.log ?? (() => undefined);
  const dir = options.buildDir;
  const limit = options.perSecond * options.seconds;
  const problems: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    // 1. Agent.
    const agent = await startAgentProcess(dir);
    stops.push(() => agent.stop());
    const agentCall = (op: string, extra?: Record<string, unknown>) => agent.call(op, extra);

    // 2. Gateway: the compiled CLI, as `npm start` runs it.
    const gateway = await startGatewayProcess(
      dir,
      ["--tetragon", agent.address],
      options.gatewayNodeArgs,
    );
    stops.push(() => gateway.stop());
    const { url, errors: gatewayErrors } = gateway;
    log(`gateway ${url} (pid ${String(gateway.child.pid)}), agent ${agent.address}`);

    // 3. Clients.
    const progress = new Map<ChildProcess, { delivered: number; done: number }>();
    const procs: Ipc[] = [];
    let first = 0;
    for (let p = 0; p < options.processes; p++) {
      const count =
        Math.floor(options.clients / options.processes) +
        (p < options.clients % options.processes ? 1 : 0);
      const child = fork(path.join(dir, "bench", "load-client.js"), [], {
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      const proc = ipc(child, (m) => {
        if (m["type"] === "progress")
          progress.set(child, m as unknown as { delivered: number; done: number });
      });
      stops.push(() => exitOf(child, () => child.kill()));
      child.send({ op: "start", url, clients: count, firstClient: first, limit });
      first += count;
      procs.push(proc);
    }
    await Promise.all(
      procs.map((p) =>
        p.next((m) => (m["type"] === "ready" ? true : undefined), "clients", START_GUARD_MS),
      ),
    );
    const deadline = Date.now() + START_GUARD_MS;
    while ((await agentCall("sent"))["streams"] !== options.clients) {
      if (Date.now() > deadline) throw new Error("load: not every upstream stream opened");
      await sleep(50);
    }

    // 4. Run.
    const pids = {
      gateway: [gateway.child.pid],
      agent: [agent.pid],
      clients: procs.map((p) => p.child.pid),
    };
    const before = {
      gateway: pids.gateway.map(usage),
      agent: pids.agent.map(usage),
      clients: pids.clients.map(usage),
    };
    const startedMs = Date.now();
    await agentCall("setRate", { rate: options.perSecond, limit });
    const timeoutMs = options.seconds * 3_000 + 30_000;
    let lastLog = Date.now();
    for (;;) {
      const done = [...progress.values()].reduce((n, p) => n + p.done, 0);
      if (done === options.clients) break;
      if (Date.now() - startedMs > timeoutMs) {
        problems.push(`timed out after ${String(timeoutMs)} ms with ${String(done)} clients done`);
        break;
      }
      if (Date.now() - lastLog >= 10_000) {
        lastLog = Date.now();
        const delivered = [...progress.values()].reduce((n, p) => n + p.delivered, 0);
        log(
          `${String(Math.round((Date.now() - startedMs) / 1000))} s: ${String(delivered)} delivered`,
        );
      }
      await sleep(100);
    }
    const wallS = (Date.now() - startedMs) / 1000;
    const gatewayUsage = usageOver(pids.gateway, before.gateway, wallS);
    const agentUsage = usageOver(pids.agent, before.agent, wallS);
    const clientUsage = usageOver(pids.clients, before.clients, wallS);
    // A short grace: a duplicate or an extra frame after the last event would show up here.
    await sleep(300);
    // Before the clients leave: their leaving ends each stream with Canceled, logged.
    const errorsDuringRun = [...gatewayErrors];
    const results = await Promise.all(
      procs.map((p) => {
        p.child.send({ op: "finish" });
        return p.next(
          (m) =>
            m["type"] === "result"
              ? (m as unknown as Extract<LoadClientMessage, { type: "result" }>)
              : undefined,
          "client results",
          10_000,
        );
      }),
    );
    const clients = results.flatMap((r) => r.clients);
    const latency = results.flatMap((r) => r.latency);
    const delivered = clients.reduce((n, c) => n + c.delivered, 0);
    const lastMs = Math.max(...clients.map((c) => c.lastMs));
    const elapsedS = (lastMs - startedMs) / 1000;
    return {
      expectedPerClient: limit,
      clients,
      delivered,
      elapsedS: round(elapsedS, 2),
      achievedPerSecond: Math.round(delivered / Math.max(elapsedS, 1e-9)),
      latencyP50Ms: quantile(latency, 0.5),
      latencyP99Ms: quantile(latency, 0.99),
      latencyMaxMs: quantile(latency, 1),
      gateway: gatewayUsage,
      agent: agentUsage,
      clientProcesses: clientUsage,
      gatewayErrors: errorsDuringRun,
      problems,
      loadAverage: [round(loadavg()[0] ?? 0, 1), round(loadavg()[1] ?? 0, 1)],
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

/** Asks a child to stop and waits for it; kills it if it does not exit within 5 s. */
function exitOf(child: ChildProcess, ask: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      ask();
    } catch {
      child.kill("SIGKILL");
    }
  });
}

/** The p-quantile (0..1) of merged [ms, count] histograms. */
export function quantile(buckets: readonly (readonly [number, number])[], p: number): number {
  const merged = new Map<number, number>();
  for (const [ms, n] of buckets) merged.set(ms, (merged.get(ms) ?? 0) + n);
  const sorted = [...merged].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [ms, n] of sorted) {
    seen += n;
    if (seen >= rank) return ms;
  }
  return Number.NaN;
}

/** Removes the compiled folder. */
export function removeBuild(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
