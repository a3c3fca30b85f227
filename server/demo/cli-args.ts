/*
 * Flags of `npm run demo` (server/demo/main.ts), parsed into a DemoConfig. Pure: errors are
 * thrown as UsageError with a one-line message; main.ts prints it and exits 2.
 */
import { DEFAULT_NODES } from "./cluster-data.js";

export interface ReplayConfig {
  path: string;
  loop: boolean;
  /** undefined: "max", or the fixed `rate` when one is given. */
  speed: number | "max" | undefined;
  /** A fixed pace in events/s instead of the file's times (--rate with --replay). */
  rate: number | undefined;
  retime: boolean;
}

export interface DemoConfig {
  /** Events per second of the generator. */
  rate: number;
  /** undefined: pick one at random (and print it). */
  seed: number | undefined;
  replay: ReplayConfig | undefined;
  nodes: string[];
  agents: number;
  agentPort: number;
  listenHost: string;
  listenPort: number;
  /** Simulate a Kubernetes cluster and run the gateway with --kube against it. */
  kube: boolean;
  help: boolean;
}

export class UsageError extends Error {}

export const DEMO_USAGE = `Usage: npm run demo -- [options]

Starts a simulated Tetragon agent (a real gRPC server on a loopback port) and the
dashboard connected to it, then prints the dashboard URL.

Options:
  --rate N           events per second per stream (default 20)
  --seed N           generator seed; the same seed replays the same events (default random, printed)
  --nodes N|a,b,c    simulated node count or names (default kind-control-plane,kind-worker,kind-worker2)
  --agents N         run N agents, one per node, all fed to the dashboard (default 1 agent for all nodes)
  --replay FILE      play a Tetragon JSON log instead (tetragon.log, kubectl logs output, .gz):
                     once, with its own times, then the stream stays open
    --speed 1|10|max   1 = the file's own pauses in real time, 10 = ten times faster,
                       max = as fast as the dashboard takes them (default max)
    --loop             start over after the last event, forever
    --retime           stamp each event with the time it is sent instead of the file's time
    --rate N           N events per second whatever the file's times (instead of --speed)
  --agent-port N     port of the (first) agent; 0 picks free ports (default 0)
  --listen HOST:PORT dashboard address (default 127.0.0.1:8080)
  --kube             cluster mode without a cluster: a fake Kubernetes API server with one
                     Tetragon pod per node (--nodes, default 5: gRPC on TCP on the first
                     three, unix-socket-only on the rest), and the gateway in --kube mode
  --help             show this help`;

const FLAGS = new Set([
  "--rate",
  "--seed",
  "--replay",
  "--speed",
  "--nodes",
  "--agents",
  "--agent-port",
  "--listen",
]);
/** Flags without a value. */
const SWITCHES = new Set(["--loop", "--retime"]);
const REPLAY_ONLY = ["--speed", "--loop", "--retime"];
/** Flags that shape generated events: meaningless for a replayed file, so refused with it. */
const GENERATOR_ONLY: Record<string, string> = {
  "--seed": "--seed picks generated events; a replay plays FILE as it is",
  "--nodes": "--nodes names simulated nodes; a replay keeps the file's node names",
  "--agents":
    "--agents runs several simulated agents; a replay runs one (N agents would repeat every event N times)",
};

function integer(flag: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} expects a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max)
    throw new UsageError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function nodeNames(count: number): string[] {
  const names = ["kind-control-plane", "kind-worker"];
  for (let i = 2; names.length < count; i++) names.push(`kind-worker${i}`);
  return names.slice(0, count);
}

function parseNodes(value: string): string[] {
  if (/^\d+$/.test(value)) return nodeNames(integer("--nodes", value, 1, 64));
  const names = value.split(",").map((s) => s.trim());
  for (const n of names) {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(n))
      throw new UsageError(`--nodes: "${n}" is not a valid node name`);
  }
  return names;
}

function parseListen(value: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(value);
  if (!m?.[1] || m[2] === undefined)
    throw new UsageError(`--listen expects HOST:PORT, got "${value}"`);
  return { host: m[1].replace(/^\[|\]$/g, ""), port: integer("--listen port", m[2], 0, 65535) };
}

function parseSpeed(value: string): number | "max" {
  if (value === "max") return "max";
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0) || n > 1000)
    throw new UsageError(
      `--speed expects a factor above 0 (1 = real time, 10, ...) or max, got "${value}"`,
    );
  return n;
}

function parseReplay(
  values: ReadonlyMap<string, string>,
  switches: ReadonlySet<string>,
): ReplayConfig | undefined {
  const path = values.get("--replay");
  if (path === undefined) {
    const stray = REPLAY_ONLY.find((f) => values.has(f) || switches.has(f));
    if (stray !== undefined) throw new UsageError(`${stray} only applies to --replay FILE`);
    return undefined;
  }
  for (const [flag, why] of Object.entries(GENERATOR_ONLY))
    if (values.has(flag)) throw new UsageError(`${why}: drop ${flag} or --replay`);
  const speedText = values.get("--speed");
  const rateText = values.get("--rate");
  if (speedText !== undefined && rateText !== undefined)
    throw new UsageError("--speed and --rate both set the pace of a replay: give one");
  return {
    path,
    loop: switches.has("--loop"),
    speed: speedText === undefined ? undefined : parseSpeed(speedText),
    rate: rateText === undefined ? undefined : parseRate(rateText),
    retime: switches.has("--retime"),
  };
}

function parseRate(text: string): number {
  const rate = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(rate > 0) || rate > 1_000_000) {
    throw new UsageError(`--rate expects a number of events per second above 0, got "${text}"`);
  }
  return rate;
}

export function parseDemoArgs(argv: readonly string[]): DemoConfig {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  let help = false;
  let kube = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    if (arg === "--kube") {
      kube = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (SWITCHES.has(flag)) {
      if (eq > 0) throw new UsageError(`${flag} takes no value`);
      switches.add(flag);
      continue;
    }
    if (!FLAGS.has(flag)) throw new UsageError(`unknown option "${arg}"`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith("--")))
      throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  const replay = parseReplay(values, switches);
  const rate = parseRate(values.get("--rate") ?? "20");
  const seedText = values.get("--seed");
  const agents = integer("--agents", values.get("--agents") ?? "1", 1, 64);
  const nodesText = values.get("--nodes");
  const nodes =
    nodesText !== undefined
      ? parseNodes(nodesText)
      : agents > 1
        ? nodeNames(agents)
        : kube
          ? nodeNames(5)
          : [...DEFAULT_NODES];
  const listen = parseListen(values.get("--listen") ?? "127.0.0.1:8080");
  return {
    rate,
    seed: seedText === undefined ? undefined : integer("--seed", seedText, 0, 2 ** 32 - 1),
    replay,
    nodes,
    agents,
    agentPort: integer("--agent-port", values.get("--agent-port") ?? "0", 0, 65535),
    listenHost: listen.host,
    listenPort: listen.port,
    kube,
    help,
  };
}
