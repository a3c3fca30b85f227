/**
 * The per-event cost of CEL filters, for `npm run bench` and the report (measured, never
 * asserted in a test). The clock is injected so the same function runs in Node and in a
 * worker.
 */
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import { compileCel } from "./cel.js";

export interface CelCostFigure {
  readonly expr: string;
  /** Evaluations timed (events × rounds). */
  readonly events: number;
  readonly matched: number;
  readonly nsPerEvent: number;
}

export function measureCelCost(
  events: readonly GetEventsResponse[],
  exprs: readonly string[],
  options: { readonly rounds: number; readonly now: () => number },
): CelCostFigure[] {
  return exprs.map((expr) => {
    const compiled = compileCel([expr]);
    if (!compiled.ok) throw new Error(`${expr}: ${compiled.error}`);
    const { test } = compiled.filter;
    for (const e of events) test(e); // warm-up: JIT and the planner's caches
    let matched = 0;
    const start = options.now();
    for (let r = 0; r < options.rounds; r++) for (const e of events) if (test(e)) matched++;
    const ms = options.now() - start;
    const n = events.length * options.rounds;
    return { expr, events: n, matched, nsPerEvent: n === 0 ? 0 : (ms * 1e6) / n };
  });
}
