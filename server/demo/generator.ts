/*
 * The demo event generator: a pure, seeded source of believable Tetragon events.
 * State: the simulated cluster plus a handful of running scenario scripts (scripts.ts),
 * each with the tick at which its next event is due. next() resumes the script due
 * earliest (ties by start order) and returns the one event it emits. Time advances by a
 * jittered `meanIntervalMs` per event, so at `rate` events/s virtual time tracks the wall
 * clock. Same options => same sequence of events, field for field.
 */
import type { GetEventsResponse } from "../../src/gen/tetragon/events_pb.js";
import { ACTIVITIES, DEFAULT_NODES, HOST_ACTIVITIES, type Activity } from "./cluster-data.js";
import { buildCluster } from "./cluster.js";
import { ALL_ANCESTORS, type AncestorKinds } from "./events.js";
import { createRng } from "./rng.js";
import {
  containerScript,
  hostScript,
  throttleScript,
  type Script,
  type ScriptEnv,
} from "./scripts.js";

export interface GeneratorOptions {
  seed: number;
  /** Node names; default kind-control-plane, kind-worker, kind-worker2. */
  nodes?: readonly string[];
  /** Epoch ms of the first event. */
  startTime: number;
  /** Mean gap between event times; default 50 ms (20 events/s). */
  meanIntervalMs?: number;
  /** Event kinds that carry `ancestors` (Tetragon's --enable-ancestors); default all. */
  ancestors?: AncestorKinds;
}

export interface EventGenerator {
  next(): GetEventsResponse;
}

/** How many scenarios run at once: enough to interleave, few enough to follow by eye. */
const CONCURRENT_SCRIPTS = 6;

interface Running {
  script: Script;
  due: number;
  seq: number;
}

const byName = new Map<string, Activity>(ACTIVITIES.map((a) => [a.name, a]));

export function createEventGenerator(options: GeneratorOptions): EventGenerator {
  const rng = createRng(options.seed);
  const nodes = options.nodes && options.nodes.length > 0 ? options.nodes : DEFAULT_NODES;
  const cluster = buildCluster(rng, nodes, options.startTime);
  const meanInterval = options.meanIntervalMs ?? 50;
  const running: Running[] = [];
  let tick = 0;
  let seq = 0;
  let timeMs = options.startTime;
  // Each script step emits exactly one event into this queue.
  const emitted: GetEventsResponse[] = [];
  const env: ScriptEnv = {
    rng,
    emit: (event) => emitted.push(event),
    ancestors: options.ancestors ?? ALL_ANCESTORS,
  };

  function newScript(): Script {
    const kind = rng.weighted(["container", "host", "throttle"] as const, [88, 10, 2]);
    if (kind === "host") return hostScript(env, rng.pick(cluster.nodes), rng.pick(HOST_ACTIVITIES));
    const c = rng.pick(cluster.containers);
    if (kind === "throttle") return throttleScript(env, c);
    const activity = byName.get(rng.pick(c.spec.activities));
    if (!activity) throw new Error(`cluster-data: unknown activity in ${c.workload.name}`);
    return containerScript(env, c, activity);
  }

  function start(): void {
    const script = newScript();
    // The first next() runs the script up to its first wait; its argument is ignored.
    const first = script.next(timeMs);
    if (first.done === true) return;
    running.push({ script, due: tick + first.value + rng.int(0, 3), seq: seq++ });
  }

  return {
    next(): GetEventsResponse {
      while (running.length < CONCURRENT_SCRIPTS) start();
      let index = 0;
      running.forEach((r, i) => {
        const best = running[index];
        if (best && (r.due < best.due || (r.due === best.due && r.seq < best.seq))) index = i;
      });
      const r = running[index];
      if (!r) throw new Error("generator: no running script");
      tick = Math.max(tick, r.due);
      timeMs += meanInterval * (0.5 + rng.float());
      const step = r.script.next(timeMs);
      if (step.done === true) running.splice(index, 1);
      else r.due = tick + step.value;
      const event = emitted.pop();
      if (!event || emitted.length > 0) throw new Error("generator: a step must emit one event");
      return event;
    },
  };
}
