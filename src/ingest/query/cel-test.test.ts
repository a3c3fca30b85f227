/**
 * The CEL filter input in the worker: over the real Tetragon events of ../shared (and the
 * rest of the corpus), a tab's view keeps exactly the events the compiled expression accepts
 * when each is decoded in full; the verdict is cached per position (a second rebuild with the
 * same expression decodes nothing); a bad expression is an inline error and keeps the rows.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { describe, expect, it, vi } from "vitest";
import { EMPTY_FILTERS, type FilterSpec } from "../../filters/filter-spec";
import { GetEventsResponseSchema } from "../../gen/tetragon/events_pb";
import type { RowMarker } from "../../protocol/protocol";
import { compileCel } from "../../tetra/cel";
import { encodedCorpus } from "../../testing/event-corpus";
import { FakeScheduler } from "../../testing/fake-scheduler";
import { loadRealEvents, REAL_EVENTS_SKIP } from "../../testing/real-events";
import { EventStore } from "../store/event-store";
import { MarkerList } from "../store/markers";
import { TabView } from "../views/tab-view";

const real = loadRealEvents();
if (real === undefined) console.warn(REAL_EVENTS_SKIP);
const corpus = encodedCorpus().filter((e) => e.bytes.length < 100_000);

function setup() {
  const store = new EventStore({ capacity: 100_000 });
  for (let round = 0; round < 3; round++) for (const e of corpus) store.append(e.bytes);
  const scheduler = new FakeScheduler();
  const view = new TabView({
    store,
    markers: new MarkerList<RowMarker>(),
    scheduler,
    onChange: () => {},
  });
  let version = 0;
  const apply = (filters: Partial<FilterSpec>) => {
    view.setSpec(++version, { filters: { ...EMPTY_FILTERS, ...filters }, sort: null });
    scheduler.runAll();
    view.catchUp();
    const layout = view.layout();
    return Array.from({ length: layout.eventCount }, (_, r) => layout.positionAt(r));
  };
  return { store, view, apply };
}

const EXPRESSIONS = [
  "process_exec.process.binary.endsWith('/curl')",
  "process_kprobe.function_name == 'security_file_permission' || process_exit.status != 0u",
  "has(process_exec.process.pod) && process_exec.process.pod.namespace == 'default'",
];

describe.skipIf(real === undefined)("CEL filter input over buffered events", () => {
  it.each(EXPRESSIONS)("keeps exactly what the expression accepts: %s", (expr) => {
    const { store, apply } = setup();
    const compiled = compileCel([expr]);
    if (!compiled.ok) throw new Error(compiled.error);
    const expected: number[] = [];
    for (let p = store.start; p < store.end; p++) {
      if (compiled.filter.test(fromBinary(GetEventsResponseSchema, store.bytes(p))))
        expected.push(p);
    }
    // Not trivially all or nothing over the corpus.
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(store.size);
    expect(apply({ cel: expr })).toEqual(expected);
  });

  it("decodes each event once per expression: a rebuild reads the cached verdicts", () => {
    const { store, apply } = setup();
    const expr = EXPRESSIONS[0]!;
    const spy = vi.spyOn(store, "bytes");
    const first = apply({ cel: expr });
    expect(spy.mock.calls.length).toBe(store.size);
    // Another field changes, the expression does not: no event is decoded again.
    const narrowed = apply({ cel: expr, eventType: "exec" });
    expect(narrowed).toEqual(first);
    apply({ cel: `  ${expr} ` });
    expect(spy.mock.calls.length).toBe(store.size);
  });

  it("a bad expression is an inline error and the previous rows stay", () => {
    const { view, apply } = setup();
    const good = apply({ cel: EXPRESSIONS[0]! });
    const bad = apply({ cel: "process_exec.process.no_such_field == 1" });
    expect(view.errors.cel).toMatch(/^CEL: .*no_such_field/);
    expect(bad).toEqual(good);
    apply({ cel: "process_exec.process.binary" });
    expect(view.errors.cel).toMatch(/^CEL: /);
    apply({ cel: "" });
    expect(view.errors.cel).toBeUndefined();
  });
});
