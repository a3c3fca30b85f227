/*
 * Scenario scripts: each is a JS generator that yields "wait this many ticks" and is resumed
 * with the event time once the wait is over; on each resume it emits exactly one event.
 * Within a script, events keep their order (exec before its kprobes before its exit);
 * generator.ts interleaves several scripts so the stream looks like a busy cluster.
 */
import type { GetEventsResponse } from "../../src/gen/tetragon/events_pb.js";
import type { Activity, ExitSpec } from "./cluster-data.js";
import { spawn, type SimContainer, type SimNode, type SimProcess } from "./cluster.js";
import { effectEvent, execEvent, exitEvent, throttleEvent, type AncestorKinds } from "./events.js";
import type { Rng } from "./rng.js";

/** Yields a wait in ticks (>= 1); receives the time (ms) of the event to emit next. */
export type Script = Generator<number, void, number>;

export interface ScriptEnv {
  rng: Rng;
  emit(event: GetEventsResponse): void;
  /** Which event kinds carry `ancestors` (the agent's --enable-ancestors). */
  ancestors: AncestorKinds;
}

function* runTools(
  env: ScriptEnv,
  parent: SimProcess,
  activity: Activity,
  container: SimContainer | undefined,
  uid: number,
  cwd: string,
  /** The tools are the probe's command itself (no shell around them). */
  probe = false,
): Generator<number, ExitSpec | undefined, number> {
  const { rng, ancestors } = env;
  let last: ExitSpec | undefined;
  for (const [i, tool] of activity.tools.entries()) {
    let t = yield rng.int(1, 4);
    const proc = spawn(
      rng,
      parent,
      {
        binary: tool.binary,
        arguments: tool.args,
        uid,
        cwd,
        startMs: t,
        setuid: tool.setuid,
        maybeExecProbe: probe && i === 0,
      },
      container,
    );
    env.emit(execEvent(proc, t, ancestors));
    for (const effect of tool.effects) {
      t = yield rng.int(1, 3);
      env.emit(effectEvent(rng, proc, effect, t, ancestors));
    }
    t = yield "signal" in tool.exit ? rng.int(5, 30) : rng.int(1, 4);
    env.emit(exitEvent(proc, tool.exit, t, ancestors));
    last = tool.exit;
  }
  return last;
}

/**
 * A shell session (or a direct exec) inside a container: entered from outside through the
 * runtime shim (kubectl exec, exec probes), or spawned by the container's main process.
 */
export function* containerScript(env: ScriptEnv, c: SimContainer, activity: Activity): Script {
  const uid = activity.uid ?? c.spec.uid;
  const cwd = c.spec.cwd;
  const origin = activity.origin ?? "exec";
  const parent = origin === "init" ? c.init : c.shim;
  const probe = origin === "probe";
  if (activity.shell === undefined) {
    yield* runTools(env, parent, activity, c, uid, cwd, probe);
    return;
  }
  let t = yield 1;
  const sh = spawn(
    env.rng,
    parent,
    {
      binary: "/bin/sh",
      arguments: `-c "${activity.shell}"`,
      uid,
      cwd,
      startMs: t,
      maybeExecProbe: probe,
    },
    c,
  );
  env.emit(execEvent(sh, t, env.ancestors));
  const last = yield* runTools(env, sh, activity, c, uid, cwd);
  t = yield env.rng.int(1, 3);
  env.emit(exitEvent(sh, activity.shellExit ?? last ?? { status: 0 }, t, env.ancestors));
}

/** A host process started by the kubelet: no pod, namespace "". */
export function* hostScript(env: ScriptEnv, node: SimNode, activity: Activity): Script {
  yield* runTools(env, node.kubelet, activity, undefined, 0, "/");
}

/** A cgroup exceeding the exec rate: THROTTLE_START, then THROTTLE_STOP a while later. */
export function* throttleScript(env: ScriptEnv, c: SimContainer): Script {
  let t = yield 1;
  env.emit(throttleEvent(c, true, t));
  t = yield env.rng.int(40, 120);
  env.emit(throttleEvent(c, false, t));
}
