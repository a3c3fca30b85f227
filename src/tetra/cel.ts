/**
 * Tetragon's `cel_expression` language, in the browser (or a worker, or Node) with
 * @bufbuild/cel. The environment is the agent's (pkg/filters/cel_expression.go):
 *
 * - container `tetragon`, so enum constants read `KprobeAction.KPROBE_ACTION_POST`;
 * - one variable per case of the GetEventsResponse `event` oneof, named like the JSON field
 *   (`process_exec`, `process_kprobe`, … `rate_limit_info`) and typed as that message;
 *   `node_name`, `time` and the other top-level fields are NOT variables there, so they are
 *   not here either;
 * - every variable is bound for every event: the agent binds the unset cases to Go typed
 *   nils, which read as empty messages, so `process_kprobe.function_name == 'x'` is simply
 *   false on an exec event. Here they are bound to one shared empty message per type;
 * - the result must be a bool (checked before use, see cel-check.ts); a run-time error (a
 *   missing map key, `null > uint(1)` on an unset wrapper) counts as "no match", as the
 *   agent logs it and drops the event from that filter;
 * - a filter's expressions are OR-ed: any one true matches.
 *
 * Not available here: the Kubernetes IP/CIDR functions the agent adds (ip(), cidr(), …):
 * they pass the check (the agent takes them) and `compileCel` says they cannot run in the
 * browser.
 *
 * Compile once per change (parse + check + plan), then `test(event)` per event. An
 * expression is only evaluated for events whose variable it names: for any other event
 * every variable it reads is an empty message, so its result is a constant computed once at
 * compile time (same answer, a fraction of the cost on a mixed stream). No DOM, no Node:
 * runs in a Web Worker.
 */
import { celEnv, objectType, parse, plan } from "@bufbuild/cel";
import type { CelEnv, CelInput } from "@bufbuild/cel";
import type { DescFile, DescMessage, Message } from "@bufbuild/protobuf";
import { create, createRegistry } from "@bufbuild/protobuf";
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import { GetEventsResponseSchema, file_tetragon_events } from "../gen/tetragon/events_pb.js";
import { checkCel } from "./cel-check.js";

export const CEL_CONTAINER = "tetragon";

interface Variable {
  /** The CEL name: the oneof field's proto name ("process_exec"). */
  readonly name: string;
  /** The protobuf-es case name ("processExec"). */
  readonly localName: string;
  readonly desc: DescMessage;
  readonly empty: Message;
}

interface TetragonCelEnv {
  readonly env: CelEnv;
  readonly variables: readonly Variable[];
  readonly checkEnv: Parameters<typeof checkCel>[1];
}

let shared: TetragonCelEnv | undefined;

function allFiles(root: DescFile): DescFile[] {
  const seen = new Set<DescFile>();
  const add = (f: DescFile): void => {
    if (seen.has(f)) return;
    seen.add(f);
    f.dependencies.forEach(add);
  };
  add(root);
  return [...seen];
}

function tetragonEnv(): TetragonCelEnv {
  if (shared !== undefined) return shared;
  const registry = createRegistry(...allFiles(file_tetragon_events));
  const oneof = GetEventsResponseSchema.oneofs.find((o) => o.name === "event");
  const variables: Variable[] = [];
  for (const f of oneof?.fields ?? []) {
    if (f.message === undefined) continue;
    variables.push({
      name: f.name,
      localName: f.localName,
      desc: f.message,
      empty: create(f.message),
    });
  }
  const env = celEnv({
    namespace: CEL_CONTAINER,
    registry,
    variables: Object.fromEntries(variables.map((v) => [v.name, objectType(v.desc)])),
  });
  shared = {
    env,
    variables,
    checkEnv: {
      container: CEL_CONTAINER,
      registry,
      variables: new Map(variables.map((v) => [v.name, v.desc])),
    },
  };
  return shared;
}

/** The names an expression may start from: one per event kind. */
export function celVariableNames(): string[] {
  return tetragonEnv().variables.map((v) => v.name);
}

/**
 * Checks `expr` as the agent would before accepting it: parse, names and fields, bool
 * result. Returns the error message, or undefined when the agent would take it.
 */
export function celAgentError(expr: string): string | undefined {
  const env = tetragonEnv();
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(expr);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return checkCel(parsed, env.checkEnv).error;
}

export interface CelFilter {
  /** The expressions, as given. */
  readonly sources: readonly string[];
  /** True when any expression is true for `event` (the agent's OR within a field). */
  readonly test: (event: GetEventsResponse) => boolean;
}

interface Program {
  readonly run: (ctx: Record<string, CelInput>) => unknown;
  /** Case names (protobuf-es localName) of the variables the expression mentions. */
  readonly refs: ReadonlySet<string>;
  /** The result when every variable is an empty message. */
  readonly otherwise: boolean;
}

// One bindings object per event case, every other variable bound to its empty message: per
// event only the case's own slot changes. Built once: compiled filters share them (a filter
// is evaluated synchronously, so sharing is safe).
let bindings:
  | {
      readonly none: Record<string, CelInput>;
      readonly byCase: ReadonlyMap<
        string,
        { readonly v: Variable; readonly ctx: Record<string, CelInput> }
      >;
    }
  | undefined;

function sharedBindings(env: TetragonCelEnv): NonNullable<typeof bindings> {
  if (bindings !== undefined) return bindings;
  const empties = Object.fromEntries(env.variables.map((v) => [v.name, v.empty as CelInput]));
  bindings = {
    none: { ...empties },
    byCase: new Map(env.variables.map((v) => [v.localName, { v, ctx: { ...empties } }])),
  };
  return bindings;
}

export type CelCompileResult =
  | { readonly ok: true; readonly filter: CelFilter }
  | { readonly ok: false; readonly error: string; readonly index: number };

/**
 * Compiles expressions for evaluation here. An empty list matches everything. Fails on the
 * first expression the agent would refuse, or that uses what only the agent can evaluate.
 * `skipUnreferenced: false` evaluates every event in full (tests compare the two).
 */
export function compileCel(
  exprs: readonly string[],
  options: { readonly skipUnreferenced?: boolean } = {},
): CelCompileResult {
  const env = tetragonEnv();
  const { none, byCase } = sharedBindings(env);
  const programs: Program[] = [];
  for (const [index, expr] of exprs.entries()) {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(expr);
    } catch (err) {
      return { ok: false, index, error: err instanceof Error ? err.message : String(err) };
    }
    const checked = checkCel(parsed, env.checkEnv);
    if (checked.error !== undefined) return { ok: false, index, error: checked.error };
    if (checked.k8sNetCalls.length > 0) {
      return {
        ok: false,
        index,
        error: `${checked.k8sNetCalls.map((f) => `${f}()`).join(", ")}: only the agent evaluates the Kubernetes IP/CIDR functions; use this expression in the agent filter`,
      };
    }
    const run = plan(env.env, parsed) as Program["run"];
    // Over-approximated (any mention of the name counts): it only ever evaluates more.
    const refs = new Set(
      env.variables.filter((v) => new RegExp(`\\b${v.name}\\b`).test(expr)).map((v) => v.localName),
    );
    programs.push({ run, refs, otherwise: run(none) === true });
  }
  const skip = options.skipUnreferenced ?? true;
  return {
    ok: true,
    filter: {
      sources: exprs,
      test: (event) => {
        if (programs.length === 0) return true;
        const e = event.event;
        const slot = e.case === undefined ? undefined : byCase.get(e.case);
        const ctx = slot?.ctx ?? none;
        if (slot !== undefined) ctx[slot.v.name] = e.value as CelInput;
        // A CelError result (a missing map key, null compared with a uint) is "no match".
        // An event whose variable the expression never names sees only empty messages, the
        // same bindings as `none`: its result is the constant computed above.
        const hit = programs.some((p) =>
          skip && (e.case === undefined || !p.refs.has(e.case)) ? p.otherwise : p.run(ctx) === true,
        );
        if (slot !== undefined) ctx[slot.v.name] = slot.v.empty;
        return hit;
      },
    },
  };
}
