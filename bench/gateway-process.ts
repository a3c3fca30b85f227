/**
 * The real gateway (startGateway, serving dist/) in its own process for the benchmark, so its
 * event loop shares nothing with the harness (Playwright's protocol traffic, polling), its CPU
 * time is its own, and it can be profiled alone.
 * Usage: node gateway-process.js <agent address> <static dir>
 *
 * Child -> parent: {ready, url} once, then one reply per request:
 *   {id, op: "counters"}     -> {id, readFromAgent, dropped, queued, upstreamOpen, cpuUs,
 *                               preempted, loopDelayP99Ms, loopDelayMaxMs}
 *   {id, op: "profileStart"} -> starts the V8 CPU profiler (as node --cpu-prof would)
 *   {id, op: "profileStop", path} -> writes the .cpuprofile to `path`
 *   {id, op: "close"}        -> closes the gateway and exits
 * readFromAgent is the agents' events_total from GET /api/status: events read from the
 * agents over all upstream streams. cpuUs and preempted (involuntary context switches: the
 * OS took the CPU away) count since start; the event-loop delay percentiles cover the time
 * since the previous "counters" request.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { startGateway } from "../server/gateway.js";

type Command =
  | { id: number; op: "counters" | "profileStart" | "close" }
  | { id: number; op: "profileStop"; path: string };

const [agent = "", staticDir = "dist"] = process.argv.slice(2);
const gateway = await startGateway({
  agents: [agent],
  port: 0,
  staticDir,
  log: () => undefined,
});
const send = (msg: unknown): void => {
  process.send?.(msg);
};
let profiler: Session | undefined;
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

async function readFromAgent(): Promise<number> {
  const res = await fetch(new URL("api/status", gateway.url));
  const status = (await res.json()) as { agents?: { eventsTotal?: string }[] };
  return (status.agents ?? []).reduce((n, a) => n + Number(a.eventsTotal ?? 0), 0);
}

async function handle(cmd: Command): Promise<Record<string, unknown>> {
  switch (cmd.op) {
    case "counters": {
      const usage = process.resourceUsage();
      const delay = {
        loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
        loopDelayMaxMs: loopDelay.max / 1e6,
      };
      loopDelay.reset();
      return {
        readFromAgent: await readFromAgent(),
        dropped: gateway.droppedEvents(),
        queued: gateway.queuedEvents(),
        upstreamOpen: gateway.upstreamStreamsOpen(),
        cpuUs: usage.userCPUTime + usage.systemCPUTime,
        preempted: usage.involuntaryContextSwitches,
        ...delay,
      };
    }
    case "profileStart":
      profiler = new Session();
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.setSamplingInterval", { interval: 200 });
      await profiler.post("Profiler.start");
      return {};
    case "profileStop": {
      if (profiler === undefined) return { error: "profiler not started" };
      const { profile } = await profiler.post("Profiler.stop");
      writeFileSync(cmd.path, JSON.stringify(profile));
      profiler.disconnect();
      profiler = undefined;
      return { path: cmd.path };
    }
    case "close":
      await gateway.close();
      send({ id: cmd.id });
      process.exit(0);
  }
}

send({ ready: true, url: gateway.url });
process.on("message", (raw) => {
  const cmd = raw as Command;
  handle(cmd).then(
    (reply) => {
      send({ id: cmd.id, ...reply });
    },
    (err: unknown) => {
      send({ id: cmd.id, error: String(err) });
    },
  );
});
process.on("disconnect", () => process.exit(0));
