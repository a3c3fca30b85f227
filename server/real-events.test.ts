/**
 * The 32 real Tetragon events from ../shared, relayed through the gateway byte for byte.
 * Skips with a message when ../shared is absent (a fresh clone outside the workspace).
 */
import { existsSync, readFileSync } from "node:fs";
import { fromJson, toBinary, type JsonValue } from "@bufbuild/protobuf";
import { afterAll, describe, expect, it } from "vitest";
import { type GetEventsResponse, GetEventsResponseSchema } from "../src/gen/tetragon/events_pb.js";
import { startGateway } from "./gateway.js";
import { startFakeAgent } from "./testing/fake-agent.js";
import { sensorsClient, waitFor } from "./testing/fixtures.js";

const file = new URL("../../shared/tetragon-api/real-events.jsonl", import.meta.url);
const present = existsSync(file);
if (!present)
  console.warn(`skipping real-events relay: ${file.pathname} not found (../shared is absent)`);

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

describe.skipIf(!present)("real Tetragon events through the gateway", () => {
  it("arrive byte for byte over gRPC-Web", async () => {
    const events = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => fromJson(GetEventsResponseSchema, JSON.parse(l) as JsonValue));
    expect(events).toHaveLength(32);
    const agent = await startFakeAgent({ events });
    cleanup.push(() => agent.close());
    const gw = await startGateway({
      agents: [agent.address],
      port: 0,
      staticDir: "/nonexistent",
      log: () => undefined,
    });
    cleanup.push(() => gw.close());
    const controller = new AbortController();
    const got: GetEventsResponse[] = [];
    const reading = (async () => {
      for await (const e of sensorsClient(gw.url).getEvents({}, { signal: controller.signal }))
        got.push(e);
    })().catch(() => undefined);
    await waitFor(() => got.length === events.length, "all 32 events");
    controller.abort();
    await reading;
    expect(got.map((e) => toBinary(GetEventsResponseSchema, e))).toEqual(
      events.map((e) => toBinary(GetEventsResponseSchema, e)),
    );
  });
});
