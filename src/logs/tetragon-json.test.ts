import { equals, fromJsonString, toBinary, toJsonString } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import { KprobeAction } from "../gen/tetragon/tetragon_pb.js";
import {
  newerKprobeLine,
  olderExecLine,
  olderKindLines,
} from "../testing/older-tetragon-events.js";
import { loadRealEvents, REAL_EVENTS_SKIP } from "../testing/real-events.js";
import { allSyntheticEvents } from "../testing/synthetic-events.js";
import {
  LogReadStats,
  readTetragonJsonLine,
  readTetragonJsonLineEncoded,
  stripLogPrefix,
} from "./tetragon-json.js";

const real = loadRealEvents();
if (!real) console.warn(`src/logs: ${REAL_EVENTS_SKIP}`);

function eventOf(line: string) {
  const r = readTetragonJsonLine(line);
  if (r.kind !== "event") throw new Error(`expected an event, got ${JSON.stringify(r)}`);
  return r;
}

describe.skipIf(!real)("the 32 real events of ../shared", () => {
  test("each reads as an event with no unknown fields, equal to strict fromJson", () => {
    expect(real).toHaveLength(32);
    for (const { line } of real ?? []) {
      const r = eventOf(line);
      expect(r.unknownFields).toEqual([]);
      expect(
        equals(GetEventsResponseSchema, r.message, fromJsonString(GetEventsResponseSchema, line)),
      ).toBe(true);
    }
  });

  test("a clean log has an empty summary", () => {
    const stats = new LogReadStats();
    (real ?? []).forEach(({ line }, i) => {
      stats.add(readTetragonJsonLine(line), i + 1);
    });
    stats.add(readTetragonJsonLine("   "), 33);
    expect(stats.events).toBe(32);
    expect(stats.errors).toBe(0);
    expect(stats.summary()).toBe("");
  });
});

describe("readTetragonJsonLine", () => {
  test("reads our own events of every kind, as Tetragon writes them (snake_case)", () => {
    // The synthetic set also has messages without any event, which no agent writes.
    const events = allSyntheticEvents().filter((e) => e.event.case !== undefined);
    expect(new Set(events.map((e) => e.event.case)).size).toBeGreaterThanOrEqual(11);
    for (const e of events) {
      const r = eventOf(toJsonString(GetEventsResponseSchema, e, { useProtoFieldName: true }));
      expect(r.unknownFields).toEqual([]);
      expect(equals(GetEventsResponseSchema, r.message, e)).toBe(true);
    }
  });

  test("also accepts the lowerCamelCase JSON names protobuf allows", () => {
    const e = allSyntheticEvents()[0]!;
    const r = eventOf(toJsonString(GetEventsResponseSchema, e));
    expect(r.unknownFields).toEqual([]);
    expect(equals(GetEventsResponseSchema, r.message, e)).toBe(true);
  });

  test("unknown fields at every depth are named by dotted path and the event is kept", () => {
    const r = eventOf(newerKprobeLine());
    expect(r.unknownFields).toEqual([
      "process_kprobe.process.sandbox_id",
      "process_kprobe.args.sock_arg.netns_cookie",
      "process_kprobe.action (unknown enum value)",
      "process_kprobe.risk_score",
      "agent_build",
    ]);
    expect(r.message.event.case).toBe("processKprobe");
    if (r.message.event.case !== "processKprobe") return;
    const k = r.message.event.value;
    expect(k.functionName).toBe("tcp_connect");
    expect(k.policyName).toBe("connect-outside");
    expect(k.action).toBe(KprobeAction.UNKNOWN); // the unknown value is dropped, and named above
    expect(k.args[0]?.arg.case).toBe("sockArg");
    expect(k.process?.binary).toBe("/usr/bin/nc");
    expect(r.message.nodeName).toBe("kind-worker");
  });

  test("an older exec's pod.labels list is an unknown field, the exec is kept", () => {
    const r = eventOf(olderExecLine());
    expect(r.unknownFields).toEqual([
      "process_exec.process.pod.labels",
      "process_exec.parent.pod.labels",
    ]);
    if (r.message.event.case !== "processExec") throw new Error("not an exec");
    expect(r.message.event.value.process?.pod?.podLabels).toEqual({
      app: "crawler",
      "pod-template-hash": "6f8d9c7b55",
    });
  });

  test("older kinds without an equivalent today are skipped by name", () => {
    const results = olderKindLines().map(readTetragonJsonLine);
    expect(results.map((r) => (r.kind === "skipped" ? r.eventKind : r.kind))).toEqual([
      "process_connect",
      "process_close",
      "process_connect",
      "process_listen",
    ]);
    for (const r of results) if (r.kind === "skipped") expect(r.reason).toMatch(/older Tetragon/);
  });

  test("a kind newer than this schema is skipped by name, made safe", () => {
    const r = readTetragonJsonLine(
      '{"process_future\\u202e":{"process":{}},"time":"2024-01-01T00:00:00Z"}',
    );
    expect(r).toEqual({
      kind: "skipped",
      eventKind: "process_future\\u{202e}",
      reason: expect.stringMatching(/unknown to this reader/) as unknown,
    });
  });

  test("strips kubectl --prefix and --timestamps prefixes, a BOM and CR", () => {
    const e = allSyntheticEvents()[0]!;
    const json = toJsonString(GetEventsResponseSchema, e, { useProtoFieldName: true });
    for (const line of [
      `[pod/tetragon-x2x7k/export-stdout] ${json}`,
      `2024-05-01T10:00:00.123456789Z ${json}`,
      `[pod/tetragon-x2x7k/export-stdout] 2024-05-01T10:00:00+02:00 ${json}\r`,
      `\uFEFF${json}`,
    ]) {
      expect(equals(GetEventsResponseSchema, eventOf(line).message, e)).toBe(true);
    }
    expect(stripLogPrefix("[pod/t/export-stdout] 2024-05-01T10:00:00Z ")).toBe("");
    expect(readTetragonJsonLine("[pod/t/export-stdout]   \r")).toEqual({ kind: "blank" });
  });

  test("broken lines name the problem, never the content", () => {
    const secret = "SECRET-PAYLOAD";
    const cases: [string, RegExp][] = [
      [`garbage ${secret}`, /^not a JSON object$/],
      [`{"process_exec": ${secret}`, /^not valid JSON/],
      [
        `{"process_exec": {"process": {"pid": "${secret}"}}}`,
        /^process_exec\.process\.pid has a value of the wrong type$/,
      ],
      [
        `{"process_exec": {"process": {"start_time": "${secret}"}}}`,
        /^process_exec\.process\.start_time is not an RFC 3339 time$/,
      ],
      [
        `{"process_kprobe": {"args": [{"int_arg": 1}, {"size_arg": "${secret}"}]}}`,
        /^process_kprobe\.args\.size_arg has a value of the wrong type$/,
      ],
      [
        `{"process_exec": {"process": {"pod": {"pod_labels": {"a": 1}}}}}`,
        /^process_exec\.process\.pod\.pod_labels has a value of the wrong type$/,
      ],
      [
        `{"process_exec": {}, "process_exit": {}}`,
        /^tetragon\.GetEventsResponse\.event is set more than once$/,
      ],
      [`{"node_name": "${secret}", "level": "info"}`, /^no Tetragon event in the object/],
      [`{"process_exec": null}`, /^no Tetragon event in the object/],
      [`["${secret}"]`, /^not a JSON object$/],
    ];
    for (const [line, reason] of cases) {
      const r = readTetragonJsonLine(line);
      expect(r.kind, line).toBe("error");
      if (r.kind !== "error") continue;
      expect(r.reason).toMatch(reason);
      expect(r.reason).not.toContain(secret);
    }
  });

  test("hostile field names reach the result only escaped and capped", () => {
    const hostile = "x\u001b[31m\u202e\u0000<img src=x>" + "A".repeat(10_000);
    const r = eventOf(
      JSON.stringify({ process_exec: { process: { binary: "/bin/sh", [hostile]: 1 } } }),
    );
    expect(r.unknownFields).toHaveLength(1);
    const name = r.unknownFields[0]!;
    expect(name).toMatch(
      /^process_exec\.process\.x\\u\{1b\}\\u\{5b\}31m\\u\{202e\}\\u\{0\}\\u\{3c\}img/,
    );
    expect(name.length).toBeLessThan(400);
    expect(name).toMatch(/…$/);
    // Nothing outside printable ASCII and the ellipsis.
    expect(name).toMatch(/^[\x20-\x7e…]+$/);
  });

  test("map values and list items are walked; their keys and indices never appear", () => {
    const r = eventOf(
      JSON.stringify({
        process_exec: {
          process: { pod: { pod_labels: { "secret-key": "v" } } },
          ancestors: [{ binary: "/a" }, { binary: "/b", gpu: 1 }, { gpu: 2 }],
        },
        node_labels: { zone: "a" },
      }),
    );
    expect(r.unknownFields).toEqual(["process_exec.ancestors.gpu"]);
  });

  test("a key that fakes a path cannot: dots in names are escaped", () => {
    const r = eventOf(JSON.stringify({ process_exec: { "process.binary": "x" } }));
    expect(r.unknownFields).toEqual(["process_exec.process\\u{2e}binary"]);
  });

  test("unknown keys per event are capped", () => {
    const process: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) process[`f${i}`] = i;
    const r = eventOf(JSON.stringify({ process_exec: { process } }));
    expect(r.unknownFields).toHaveLength(33);
    expect(r.unknownFields.at(-1)).toBe("(more unknown fields)");
  });
});

describe("readTetragonJsonLineEncoded", () => {
  test("reads every line as readTetragonJsonLine does, the event as its toBinary bytes", () => {
    const own = allSyntheticEvents()
      .filter((e) => e.event.case !== undefined)
      .map((e) => toJsonString(GetEventsResponseSchema, e, { useProtoFieldName: true }));
    const lines = [
      ...(real ?? []).map((e) => e.line),
      ...own,
      olderExecLine(),
      newerKprobeLine(),
      ...olderKindLines(),
      `[pod/t/export-stdout] 2024-05-01T10:00:00Z ${own[0] ?? ""}\r`,
      JSON.stringify({ process_exec: { process: { binary: "/bin/sh", "x\u202e": 1 } } }),
      "",
      "garbage",
      '{"process_exec": ',
      '{"process_exec": {"process": {"pid": "7"}}}',
      '{"process_exec": {"process": {"start_time": "yesterday"}}}',
      '{"process_exec": {}, "process_exit": {}}',
      '{"process_exec": null}',
      '{"node_name": "n"}',
      '{"process_exec": {"process": {"binary": "\\ud800"}}}',
      '{"process_exec": {"process": {"uid": null, "binary": "/x"}}}',
    ];
    let events = 0;
    for (const line of lines) {
      const decoded = readTetragonJsonLine(line);
      const encoded = readTetragonJsonLineEncoded(line);
      if (decoded.kind !== "event") {
        expect(encoded, line).toEqual(decoded);
        continue;
      }
      events++;
      expect(encoded.kind, line).toBe("event");
      if (encoded.kind !== "event") continue;
      expect(encoded.unknownFields, line).toEqual(decoded.unknownFields);
      expect(Buffer.from(encoded.message).toString("hex"), line).toBe(
        Buffer.from(toBinary(GetEventsResponseSchema, decoded.message)).toString("hex"),
      );
    }
    // Also events: the older exec, the newer kprobe, the prefixed line, the hostile key, the
    // pid given as a string (fromJson takes "7") and the null uid (the general path's).
    expect(events).toBe((real?.length ?? 0) + own.length + 6);
  });
});
