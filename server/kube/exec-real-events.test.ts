/**
 * Real Tetragon events (../shared/tetragon-api/real-events.jsonl) printed by `tetra getevents
 * -o json` in a unix-only pod reach the browser unchanged (except node_name, set to the pod's
 * node). A field a newer agent added is tolerated and counted; a line that is not an event is
 * counted and reported by reason — neither drops an event.
 */
import { existsSync, readFileSync } from "node:fs";
import { fromJson, toBinary, type JsonValue } from "@bufbuild/protobuf";
import { afterAll, describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../../src/gen/tetragon/events_pb.js";
import { AgentTransport } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { type KubeStack, startKubeStack } from "../testing/fake-kube/kube-stack.js";
import { statusClient, waitFor } from "../testing/fixtures.js";
import { watch } from "../testing/reliability.js";

const file = new URL("../../../shared/tetragon-api/real-events.jsonl", import.meta.url);
const present = existsSync(file);
if (!present) console.log(`SKIP exec real-events test: ${file.pathname} is absent (no ../shared).`);

let stack: KubeStack | undefined;
afterAll(async () => {
  await stack?.close();
});

describe.skipIf(!present)("exec transport with real Tetragon events", () => {
  it("delivers every real event intact, tolerating a newer agent's field and counting a bad line", async () => {
    const real = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const onNode = real.map((l) => ({
      ...(JSON.parse(l) as Record<string, unknown>),
      node_name: "node-real",
    }));
    // One event with a field this schema does not know, one line that is not JSON at all.
    const withNewField = structuredClone(onNode[0]!) as {
      process_exec?: { process?: Record<string, unknown> };
    };
    if (withNewField.process_exec?.process)
      withNewField.process_exec.process["field_from_tetragon_9"] = 1;
    const lines = [
      ...onNode.map((o) => JSON.stringify(o)),
      JSON.stringify(withNewField),
      "not json {",
    ];
    stack = await startKubeStack({
      nodes: [{ node: "node-real", kind: "unix" }],
      rate: 200,
      // Each exec (the probe's, then the stream's) prints the lines from the first.
      execLines: () => {
        let i = 0;
        return () => lines[i++ % lines.length] ?? "";
      },
    });
    const w = watch(stack.gateway.url);
    await waitFor(() => w.got.length >= real.length + 1, "one round of the real events");
    w.abort();
    const expected = onNode.map((o) =>
      toBinary(GetEventsResponseSchema, fromJson(GetEventsResponseSchema, o as JsonValue)),
    );
    for (let k = 0; k < real.length; k++) {
      expect(Buffer.from(toBinary(GetEventsResponseSchema, w.got[k]!))).toEqual(
        Buffer.from(expected[k]!),
      );
    }
    // The event with the unknown field still arrived (the known part of it).
    expect(w.got[real.length]!.event.case).toBe(w.got[0]!.event.case);
    const s = stack;
    await waitFor(async () => {
      const agent = (await statusClient(s.gateway.url).getStatus({})).agents[0];
      return /not events?|not an event/.test(agent?.readWarnings ?? "");
    }, "the read warnings in the status");
    const agent = (await statusClient(stack.gateway.url).getStatus({})).agents[0]!;
    expect(agent.transport).toBe(AgentTransport.EXEC);
    expect(agent.readWarnings).toContain("process_exec.process.field_from_tetragon_9");
    expect(agent.readWarnings).toMatch(/\d+ lines? not (an )?events? \(first: line \d+: /);
    expect(agent.readWarnings).not.toContain("not json {");
  });
});
