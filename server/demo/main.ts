/*
 * `npm run demo`: starts the simulated agent(s), then the gateway serving the built app and
 * fanning in every agent, and prints the dashboard URL. Ctrl-C (or SIGTERM) closes the
 * gateway first, then the agents; a second Ctrl-C exits at once.
 */
import { fileURLToPath } from "node:url";
import { startGateway } from "../gateway.js";
import { startDemoAgent, type DemoAgent } from "./agent.js";
import { DEMO_USAGE, parseDemoArgs, UsageError, type DemoConfig } from "./cli-args.js";
import type { KubeDemo } from "./kube-demo.js";

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function parse(): DemoConfig {
  try {
    return parseDemoArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    log(`demo: ${err.message} (see --help)`);
    process.exit(2);
  }
}

function isAddrInUse(err: unknown): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === "EADDRINUSE";
}

async function main(): Promise<void> {
  const config = parse();
  if (config.help) {
    process.stdout.write(`${DEMO_USAGE}\n`);
    return;
  }
  if (config.kube) {
    await runKubeDemo(config);
    return;
  }
  const seed = config.seed ?? Math.floor(Math.random() * 2 ** 31);
  const agents: DemoAgent[] = [];
  // One agent simulates every node, or --agents N runs one agent per node (like a DaemonSet).
  const perAgentNodes =
    config.agents === 1
      ? [config.nodes]
      : Array.from({ length: config.agents }, (_, i) => [
          config.nodes[i % config.nodes.length] ?? `node-${i}`,
        ]);
  try {
    if (config.replay !== undefined) {
      const { path, loop, speed, rate, retime } = config.replay;
      agents.push(
        await startDemoAgent({
          port: config.agentPort,
          log,
          replay: path,
          loop,
          retime,
          ...(speed !== undefined ? { speed } : {}),
          ...(rate !== undefined ? { rate } : {}),
        }),
      );
    } else {
      for (const [i, nodes] of perAgentNodes.entries()) {
        agents.push(
          await startDemoAgent({
            port: config.agentPort === 0 ? 0 : config.agentPort + i,
            seed: seed + i,
            rate: config.rate,
            nodes,
            log,
          }),
        );
      }
    }
  } catch (err) {
    await Promise.all(agents.map((a) => a.close()));
    if (isAddrInUse(err))
      log(`demo: agent port ${config.agentPort} is already in use; pick another with --agent-port`);
    else log(`demo: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }

  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    gateway = await startGateway({
      agents: agents.map((a) => a.address),
      host: config.listenHost,
      port: config.listenPort,
      staticDir: staticDir(),
      log,
    });
  } catch (err) {
    await Promise.all(agents.map((a) => a.close()));
    if (isAddrInUse(err)) {
      log(
        `demo: ${config.listenHost}:${config.listenPort} is already in use; pick another with --listen ${config.listenHost}:PORT`,
      );
    } else {
      log(
        `demo: could not start the dashboard: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    process.exit(1);
  }

  if (config.replay !== undefined) {
    log(`Demo Tetragon agent at ${agents[0]?.address ?? "?"} (replaying ${config.replay.path})`);
  } else {
    for (const [i, a] of agents.entries()) {
      log(
        `Demo Tetragon agent at ${a.address} (seed ${seed}, ${config.rate} events/s, nodes ${(perAgentNodes[i] ?? []).join(", ")})`,
      );
    }
    log(`Reproduce this run with: npm run demo -- --seed ${seed}`);
  }
  process.stdout.write(`\nTetragon dashboard (demo): ${gateway.url}\n\nPress Ctrl-C to stop.\n`);

  stopOnSignals(() => gateway.close().then(() => Promise.all(agents.map((a) => a.close()))));
}

const staticDir = (): string => fileURLToPath(new URL("../../../dist", import.meta.url));

async function runKubeDemo(config: DemoConfig): Promise<void> {
  // Loaded only for --kube (the fake API server and @kubernetes/client-node).
  const { kubeDemoBanner, startKubeDemo } = await import("./kube-demo.js");
  let demo: KubeDemo;
  try {
    demo = await startKubeDemo(config, staticDir(), log);
  } catch (err) {
    log(
      isAddrInUse(err)
        ? `demo: ${config.listenHost}:${config.listenPort} is already in use; pick another with --listen ${config.listenHost}:PORT`
        : `demo: ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  }
  for (const line of kubeDemoBanner(demo)) log(line);
  process.stdout.write(
    `\nTetragon dashboard (demo, --kube): ${demo.gateway.url}\n\nPress Ctrl-C to stop.\n`,
  );
  stopOnSignals(() => demo.close());
}

/** Ctrl-C / SIGTERM: close everything, then exit; a second Ctrl-C exits at once. */
function stopOnSignals(close: () => Promise<unknown>): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(130);
    stopping = true;
    log("demo: stopping…");
    void close().then(
      () => process.exit(0),
      (err: unknown) => {
        log(`demo: error while stopping: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  log(`demo: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
