/**
 * No event payloads in server logs. Hostile events (markup, ANSI escapes, a secret-looking
 * argument) stream through the gateway to gRPC-Web and Connect clients — byte for byte —
 * across an agent kill/restart, with every log line captured; then a malformed upstream
 * carrying the same strings. No line may contain any payload substring or a control byte.
 */
import { toBinary } from "@bufbuild/protobuf";
import { create } from "@bufbuild/protobuf";
import { afterEach, describe, expect, it } from "vitest";
import {
  type GetEventsResponse,
  GetEventsResponseSchema,
} from "../../src/gen/tetragon/events_pb.js";
import { startGateway } from "../gateway.js";
import { startFakeAgent } from "../testing/fake-agent.js";
import { sensorsClient, waitFor } from "../testing/fixtures.js";
import { startRawAgent } from "../testing/raw-h2-agent.js";
import { cleanupStack, watch } from "../testing/reliability.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

const hostile = [
  "<script>alert(1)</script>",
  "\u001b[31mRED\u001b[0m",
  "--password=hunter2",
  "AKIAIOSFODNN7EXAMPLE",
  "evil-pod-\u202enoisrev",
];

function hostileEvent(seq: number): GetEventsResponse {
  return create(GetEventsResponseSchema, {
    nodeName: "node-<b>x</b>",
    event: {
      case: "processExec",
      value: {
        process: {
          execId: `exec-${String(seq)}`,
          pid: 1000 + seq,
          binary: `/tmp/${hostile[0]!}`,
          arguments: hostile.join(" "),
          pod: { name: hostile[4]!, namespace: "default" },
        },
      },
    },
  });
}

/** Substrings that must never appear in a log line. */
const forbidden = ["script", "alert", "hunter2", "password", "AKIA", "RED", "noisrev", "<b>"];

function expectClean(lines: readonly string[]): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    for (const bad of forbidden) expect(line, `log line: ${line}`).not.toContain(bad);
    // eslint-disable-next-line no-control-regex -- checking for control bytes is the point
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  }
}

describe("server logs", () => {
  it("carry no payload of relayed events, across a kill/restart, over gRPC-Web and Connect", async () => {
    const events = [hostileEvent(1), hostileEvent(2)];
    const agent = await startFakeAgent({ events });
    cleanup.push(() => agent.close());
    const logs: string[] = [];
    const gateway = await startGateway({
      agents: [agent.address],
      port: 0,
      staticDir: "/nonexistent",
      log: (line) => logs.push(line),
      backoff: { initialMs: 20, maxMs: 200 },
    });
    cleanup.push(() => gateway.close());
    const tabs = [watch(gateway.url), watch(gateway.url, { protocol: "connect" })];
    await waitFor(() => tabs.every((t) => t.got.length === 2), "hostile events");
    for (const t of tabs) {
      expect(t.got.map((e) => toBinary(GetEventsResponseSchema, e))).toEqual(
        events.map((e) => toBinary(GetEventsResponseSchema, e)),
      );
    }
    await agent.kill();
    await agent.restart();
    await waitFor(() => tabs.every((t) => t.got.length === 4), "events after restart");
    agent.push(hostileEvent(3));
    await waitFor(() => tabs.every((t) => t.got.length === 5), "pushed event");
    await sensorsClient(gateway.url).getVersion({});
    for (const t of tabs) t.abort();
    await Promise.all(tabs.map((t) => t.ended));
    // Tabs going away are routine and said in words (not "ended with 1").
    await waitFor(
      () =>
        logs.some(
          (l) => l === "tetragon.FineGuidanceSensors/GetEvents: stream closed by the client",
        ),
      "close log",
    );
    expect(logs.filter((l) => /: \d+$|ended with/.test(l))).toEqual([]);
    expect(logs.some((l) => l.includes("reconnecting"))).toBe(true);
    expectClean(logs);
  });

  it("carry no payload of a malformed upstream message", async () => {
    const logs: string[] = [];
    for (const fault of ["invalid-protobuf", "oversized-message"] as const) {
      const agent = await startRawAgent({
        fault,
        before: [hostileEvent(1)],
        marker: hostile.join(""),
      });
      cleanup.push(() => agent.close());
      const gateway = await startGateway({
        agents: [agent.address],
        port: 0,
        staticDir: "/nonexistent",
        log: (line) => logs.push(line),
      });
      cleanup.push(() => gateway.close());
      const tab = watch(gateway.url);
      cleanup.push(async () => {
        tab.abort();
        await tab.ended;
      });
      await waitFor(
        () => logs.some((l) => l.includes("sent an invalid message") && l.includes(agent.address)),
        "fault logged",
      );
    }
    expectClean(logs);
  });
});
