import { create, fromJsonString, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  EventType,
  FilterSchema,
  GetEventsResponseSchema,
  type GetEventsResponse,
} from "../../src/gen/tetragon/events_pb.js";
import { compileEventFilter, processOfEvent } from "./event-filter.js";
import { createEventGenerator } from "./generator.js";

type FilterInit = MessageInitShape<typeof FilterSchema>;

const REAL = new URL("../../../shared/tetragon-api/real-events.jsonl", import.meta.url);

function ev(json: object): GetEventsResponse {
  return fromJsonString(GetEventsResponseSchema, JSON.stringify(json));
}
const pod = (namespace: string, name: string, labels: Record<string, string> = {}) => ({
  namespace,
  name,
  pod_labels: labels,
  container: { id: "containerd://abc123", name: "c" },
});
const curl = ev({
  process_exec: {
    process: {
      binary: "/usr/bin/curl",
      arguments: "-s https://example.com",
      docker: "abc123",
      pod: pod("payments", "api-7d9f-x2x", { app: "api", tier: "backend" }),
    },
    parent: { binary: "/bin/sh", arguments: "-c curl" },
  },
  node_name: "n1",
});
const hostLs = ev({
  process_exit: { process: { binary: "/bin/ls", arguments: "-la" }, status: 0 },
  node_name: "n1",
});
const kprobe = ev({
  process_kprobe: {
    process: { binary: "/bin/cat", pod: pod("default", "web-1", { app: "web" }) },
    function_name: "security_file_permission",
    policy_name: "file-monitoring",
  },
});
const throttle = ev({ process_throttle: { type: "THROTTLE_START", cgroup: "/kubepods" } });
const all = { curl, hostLs, kprobe, throttle };

function passing(allowList: FilterInit[], denyList: FilterInit[] = []): string[] {
  const f = compileEventFilter({
    allowList: allowList.map((a) => create(FilterSchema, a)),
    denyList: denyList.map((d) => create(FilterSchema, d)),
  });
  return Object.entries(all)
    .filter(([, e]) => f(e))
    .map(([k]) => k);
}

function rejects(filter: FilterInit, code: Code, text: string): void {
  let err: unknown;
  try {
    compileEventFilter({ allowList: [create(FilterSchema, filter)], denyList: [] });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ConnectError);
  expect((err as ConnectError).code).toBe(code);
  expect((err as ConnectError).rawMessage).toContain(text);
}

describe("Tetragon allow/deny semantics", () => {
  test("no filters: everything passes", () => {
    expect(passing([])).toEqual(["curl", "hostLs", "kprobe", "throttle"]);
  });
  test("an empty Filter in the allow list matches everything", () => {
    expect(passing([{}])).toHaveLength(4);
  });
  test("allow list: any filter may match (OR)", () => {
    expect(passing([{ binaryRegex: ["curl"] }, { binaryRegex: ["/ls$"] }])).toEqual([
      "curl",
      "hostLs",
    ]);
  });
  test("within a filter all fields must match (AND)", () => {
    expect(passing([{ binaryRegex: ["curl|cat"], namespace: ["default"] }])).toEqual(["kprobe"]);
  });
  test("within a field any value may match (OR)", () => {
    expect(passing([{ namespace: ["payments", "default"] }])).toEqual(["curl", "kprobe"]);
  });
  test("deny list removes what it matches, even if allowed", () => {
    expect(passing([{ binaryRegex: ["."] }], [{ namespace: ["payments"] }])).toEqual([
      "hostLs",
      "kprobe",
    ]);
    expect(passing([], [{ eventSet: [EventType.PROCESS_THROTTLE] }])).toEqual([
      "curl",
      "hostLs",
      "kprobe",
    ]);
  });
  test("events without a process never match process filters", () => {
    expect(passing([{ binaryRegex: [""] }])).toEqual(["curl", "hostLs", "kprobe"]);
  });
});

describe("filter fields", () => {
  test("binary_regex is unanchored RE2, with (?i) and anchors", () => {
    expect(passing([{ binaryRegex: ["bin/c"] }])).toEqual(["curl", "kprobe"]);
    expect(passing([{ binaryRegex: ["(?i)CURL"] }])).toEqual(["curl"]);
    expect(passing([{ binaryRegex: ["^curl"] }])).toEqual([]);
    expect(passing([{ binaryRegex: ["^/usr/bin/curl$"] }])).toEqual(["curl"]);
  });
  test('namespace is exact; "" selects host processes', () => {
    expect(passing([{ namespace: ["pay"] }])).toEqual([]);
    expect(passing([{ namespace: [""] }])).toEqual(["hostLs"]);
  });
  test("pod_regex matches the pod name", () => {
    expect(passing([{ podRegex: ["^api-"] }])).toEqual(["curl"]);
    expect(passing([{ podRegex: ["web-\\d"] }])).toEqual(["kprobe"]);
  });
  test("event_set matches the event type", () => {
    expect(passing([{ eventSet: [EventType.PROCESS_EXEC, EventType.PROCESS_KPROBE] }])).toEqual([
      "curl",
      "kprobe",
    ]);
    expect(passing([{ eventSet: [EventType.PROCESS_EXIT] }])).toEqual(["hostLs"]);
  });
  test("labels use Kubernetes selector syntax; events without a pod never match", () => {
    expect(passing([{ labels: ["app=api"] }])).toEqual(["curl"]);
    expect(passing([{ labels: ["app in (api,web)"] }])).toEqual(["curl", "kprobe"]);
    expect(passing([{ labels: ["app,!tier"] }])).toEqual(["kprobe"]);
    expect(passing([{ labels: ["app=web", "tier=backend"] }])).toEqual(["curl", "kprobe"]);
    expect(passing([{ labels: [""] }])).toEqual(["curl", "kprobe"]);
  });
  test("parent_binary_regex, arguments_regex, container_id, policy_names", () => {
    expect(passing([{ parentBinaryRegex: ["sh$"] }])).toEqual(["curl"]);
    expect(passing([{ argumentsRegex: ["example\\.com"] }])).toEqual(["curl"]);
    expect(passing([{ containerId: ["^abc"] }])).toEqual(["curl"]);
    expect(passing([{ policyNames: ["file-monitoring"] }])).toEqual(["kprobe"]);
  });
});

describe("bad filters are rejected like the agent does", () => {
  test("RE2 syntax: no lookahead, no backreferences, unbalanced groups", () => {
    rejects({ binaryRegex: ["a(?=b)"] }, Code.InvalidArgument, 'binary_regex "a(?=b)"');
    rejects({ podRegex: ["(a)\\1"] }, Code.InvalidArgument, "pod_regex");
    rejects({ parentBinaryRegex: ["(unclosed"] }, Code.InvalidArgument, "parent_binary_regex");
  });
  test("malformed label selector", () => {
    rejects({ labels: ["app in (a"] }, Code.InvalidArgument, "invalid pod label filter");
  });
  test("unsupported fields say so instead of matching silently", () => {
    rejects({ celExpression: ["true"] }, Code.Unimplemented, "cel_expression");
  });
});

describe("on generated events", () => {
  const events = (() => {
    const g = createEventGenerator({ seed: 3, startTime: Date.UTC(2025, 0, 1) });
    return Array.from({ length: 1500 }, () => g.next());
  })();
  test("namespace filter selects exactly the events of that namespace", () => {
    const f = compileEventFilter({
      allowList: [create(FilterSchema, { namespace: ["tenant-jobs"] })],
      denyList: [],
    });
    const kept = events.filter(f);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(events.length);
  });
});

describe.skipIf(!existsSync(REAL))("on the real events in ../shared", () => {
  if (!existsSync(REAL)) console.warn(`skipping: ${REAL.pathname} not found (../shared is absent)`);
  const real = existsSync(REAL)
    ? readFileSync(REAL, "utf8")
        .trim()
        .split("\n")
        .map((l) => fromJsonString(GetEventsResponseSchema, l))
    : [];
  const count = (allowList: FilterInit[], denyList: FilterInit[] = []) =>
    real.filter(
      compileEventFilter({
        allowList: allowList.map((a) => create(FilterSchema, a)),
        denyList: denyList.map((d) => create(FilterSchema, d)),
      }),
    ).length;

  test("event types partition the file", () => {
    const exec = count([{ eventSet: [EventType.PROCESS_EXEC] }]);
    const exit = count([{ eventSet: [EventType.PROCESS_EXIT] }]);
    const kp = count([{ eventSet: [EventType.PROCESS_KPROBE] }]);
    expect(exec + exit + kp).toBe(real.length);
    expect(count([], [{ eventSet: [EventType.PROCESS_EXEC] }])).toBe(real.length - exec);
  });
  test("binary, namespace, pod and label filters agree with the events' fields", () => {
    const where = (pred: (e: GetEventsResponse) => boolean) => real.filter(pred).length;
    const curls = where((e) => processOfEvent(e)?.binary === "/usr/bin/curl");
    expect(curls).toBeGreaterThan(0);
    expect(count([{ binaryRegex: ["^/usr/bin/curl$"] }])).toBe(curls);
    const tenant = where((e) => processOfEvent(e)?.pod?.namespace === "tenant-jobs");
    expect(tenant).toBeGreaterThan(0);
    expect(count([{ namespace: ["tenant-jobs"] }])).toBe(tenant);
    const es = where((e) => processOfEvent(e)?.pod?.name.startsWith("elasticsearch-") === true);
    expect(count([{ podRegex: ["^elasticsearch-"] }])).toBe(es);
    const host = where(
      (e) => processOfEvent(e) !== undefined && processOfEvent(e)?.pod === undefined,
    );
    expect(count([{ namespace: [""] }])).toBe(host);
    expect(count([{ namespace: ["tenant-jobs"] }], [{ namespace: ["tenant-jobs"] }])).toBe(0);
    expect(count([{ policyNames: ["no-such-policy"] }])).toBe(0);
  });
});
