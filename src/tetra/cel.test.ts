import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import { allSyntheticEvents } from "../testing/synthetic-events.js";
import { REAL_EVENTS_SKIP, loadRealEvents } from "../testing/real-events.js";
import { celAgentError, celVariableNames, compileCel } from "./cel.js";
import { measureCelCost } from "./cel-bench.js";

const real = loadRealEvents();
if (real === undefined) console.warn(REAL_EVENTS_SKIP);
const describeReal = real === undefined ? describe.skip : describe;

function compiled(...exprs: string[]): (e: GetEventsResponse) => boolean {
  const r = compileCel(exprs);
  if (!r.ok) throw new Error(`${exprs.join(" | ")}: ${r.error}`);
  return (e) => r.filter.test(e);
}

function processOf(e: GetEventsResponse) {
  const v = e.event.value;
  return v !== undefined && "process" in v ? v.process : undefined;
}

describe("Tetragon's CEL environment", () => {
  it("has one variable per event case, named like the JSON field", () => {
    expect(celVariableNames()).toEqual([
      "process_exec",
      "process_exit",
      "process_kprobe",
      "process_tracepoint",
      "process_loader",
      "process_uprobe",
      "process_throttle",
      "process_lsm",
      "process_usdt",
      "test",
      "rate_limit_info",
    ]);
  });

  it.each([
    ["process_exec.process.bad_field_name == 'curl'", /undefined field 'bad_field_name'/],
    ["node_name == 'a'", /undeclared reference to 'node_name'/],
    ["process_exec.process.binary", /is string, but a filter must be a bool/],
    ["size(process_exec.process.arguments)", /is int, but a filter must be a bool/],
    ["process_exec.process.binary.nope('x')", /undeclared reference to 'nope'/],
    ["process_exec.process.binary ==", /./],
    ["process_kprobe.args.exists(a, a.nope == 1)", /undefined field 'nope'/],
  ])("refuses %s as the agent does", (expr, message) => {
    expect(celAgentError(expr)).toMatch(message);
    const r = compileCel([expr]);
    expect(r.ok).toBe(false);
  });

  it.each([
    "process_exec.process.pid > uint(1)",
    "process_kprobe.function_name == 'security_file_permission'",
    "process_exec.process.pod.pod_labels['class'] == 'deathstar'",
    "has(process_exec.process.pod) && process_exec.process.pod.namespace in ['default', 'x']",
    "process_kprobe.action == KprobeAction.KPROBE_ACTION_POST",
    "process_kprobe.action == tetragon.KprobeAction.KPROBE_ACTION_POST",
    "process_kprobe.args.exists(a, a.string_arg.startsWith('/etc/'))",
    "process_exec.process.start_time > timestamp('2020-01-01T00:00:00Z')",
    "ip('10.0.0.1').family() == 4",
  ])("accepts %s", (expr) => {
    expect(celAgentError(expr)).toBeUndefined();
  });

  it("says the Kubernetes IP/CIDR functions run at the agent only", () => {
    const r = compileCel(["cidr('10.0.0.0/8').containsIP('10.1.2.3')"]);
    expect(r).toMatchObject({ ok: false, index: 0 });
    expect(r.ok ? "" : r.error).toMatch(/cidr\(\), containsIP\(\): only the agent/);
  });

  it("reports which expression of several failed", () => {
    const r = compileCel(["true", "process_exec.x == 1"]);
    expect(r).toMatchObject({ ok: false, index: 1 });
  });

  it("matches everything with no expression", () => {
    expect(compiled()(create(GetEventsResponseSchema))).toBe(true);
  });
});

describeReal("CEL over the 32 real events", () => {
  const events = (real ?? []).map((r) => r.res);
  const count = (pred: (e: GetEventsResponse) => boolean): number => events.filter(pred).length;

  it("selects by binary", () => {
    const f = compiled("process_exec.process.binary == '/usr/bin/curl'");
    const hits = events.filter(f);
    expect(hits).toHaveLength(1);
    expect(hits[0]?.event.case).toBe("processExec");
    // Against a plain predicate on the same messages, over every event kind.
    const g = compiled(
      "process_exec.process.binary.endsWith('sh') || process_exit.process.binary.endsWith('sh')",
    );
    const oracle = (e: GetEventsResponse): boolean =>
      (e.event.case === "processExec" || e.event.case === "processExit") &&
      (processOf(e)?.binary.endsWith("sh") ?? false);
    expect(count(oracle)).toBeGreaterThan(2);
    for (const e of events) expect(g(e)).toBe(oracle(e));
  });

  it("selects by pod namespace and labels", () => {
    const f = compiled("process_exec.process.pod.namespace == 'tenant-jobs'");
    const oracle = (e: GetEventsResponse): boolean =>
      e.event.case === "processExec" && processOf(e)?.pod?.namespace === "tenant-jobs";
    expect(count(oracle)).toBe(4);
    for (const e of events) expect(f(e)).toBe(oracle(e));
    const labels = compiled("process_exec.process.pod.pod_labels['class'] == 'deathstar'");
    expect(count(labels)).toBe(2);
  });

  it("selects by kprobe function", () => {
    const f = compiled("process_kprobe.function_name == '__x64_sys_write'");
    const hits = events.filter(f);
    expect(hits).toHaveLength(1);
    expect(processOf(hits[0]!)?.binary).toBe("/usr/bin/vi");
    const either = compiled(
      "process_kprobe.function_name == '__x64_sys_write'",
      "process_kprobe.function_name.matches('^__x64_sys_read$')",
    );
    expect(count(either)).toBe(2);
  });

  it("counts a run-time error as no match, like the agent", () => {
    // Unset UInt32Value pids are null: `null > uint(1)` is an error on those events.
    const f = compiled("process_exec.process.pid > uint(1)");
    const oracle = (e: GetEventsResponse): boolean =>
      e.event.case === "processExec" && (processOf(e)?.pid ?? 0) > 1;
    for (const e of events) expect(f(e)).toBe(oracle(e));
    expect(count(compiled("process_exec.process.pod.pod_labels['missing'] == 'x'"))).toBe(0);
  });
});

describe("CEL over synthetic events", () => {
  const events = allSyntheticEvents();

  it("reads every kind through its own variable, and the others as empty messages", () => {
    const oneof = GetEventsResponseSchema.oneofs.find((o) => o.name === "event")!;
    const withProcess = oneof.fields.filter((f) =>
      f.message?.fields.some((x) => x.name === "process"),
    );
    expect(withProcess.length).toBeGreaterThan(5);
    for (const field of withProcess) {
      const f = compiled(`has(${field.name}.process)`);
      for (const e of events) {
        const own = e.event.case === field.localName && processOf(e) !== undefined;
        expect(f(e)).toBe(own);
      }
    }
  });
});

describe("the shortcut for events an expression never names", () => {
  const events = [...(real ?? []).map((r) => r.res), ...allSyntheticEvents()];

  it.each([
    "!has(process_exec.process)",
    "process_exec.process.binary == ''",
    "process_kprobe.function_name == '__x64_sys_write' || !has(process_exec.process)",
    "true",
    "[1, 2].exists(x, x == 2) && process_exit.process.binary.endsWith('sh')",
  ])("gives what full evaluation gives: %s", (expr) => {
    const fast = compileCel([expr]);
    const full = compileCel([expr], { skipUnreferenced: false });
    if (!fast.ok || !full.ok) throw new Error("does not compile");
    for (const e of events) expect(fast.filter.test(e)).toBe(full.filter.test(e));
  });

  it("keeps the agent's reading of absent variables as empty messages", () => {
    const f = compiled("!has(process_exec.process)");
    for (const e of events) {
      if (e.event.case !== "processExec") expect(f(e)).toBe(true);
    }
  });
});

describe("measureCelCost", () => {
  it("reports a per-event cost for each expression (measured, not asserted)", () => {
    const events = real?.map((r) => r.res) ?? allSyntheticEvents();
    const figures = measureCelCost(events, ["process_exec.process.binary == '/usr/bin/curl'"], {
      rounds: 2,
      now: () => performance.now(),
    });
    expect(figures).toHaveLength(1);
    expect(figures[0]?.events).toBe(events.length * 2);
    expect(Number.isFinite(figures[0]?.nsPerEvent)).toBe(true);
  });
});
