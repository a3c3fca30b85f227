/**
 * Integration: the GetEventsRequest the agent filter panel builds reaches the agent exactly,
 * every tetragon.Filter field, through the real path: the panel's editor (the state Apply
 * reads) -> the ingest hub (validation, encoding, stream restart) -> the worker's own
 * gRPC-Web fetch source (getEventsBytes) -> the real gateway over HTTP/1.1 -> a fake agent
 * over real HTTP/2 gRPC, which records the request it got. The buffer keeps the events of the
 * first stream across the restart.
 */
import { equals, isFieldSet } from "@bufbuild/protobuf";
import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "../../server/gateway";
import { startFakeAgent } from "../../server/testing/fake-agent";
import { execEvent, waitFor } from "../../server/testing/fixtures";
import { classifyStreamError, describeError } from "../api/errors";
import { getEventsBytes } from "../api/grpc-web-frames";
import {
  addFilter,
  editField,
  editorFromLists,
  editorResult,
} from "../filters/agent-filter-editor";
import { FilterSchema, GetEventsRequestSchema } from "../gen/tetragon/events_pb";
import type { Clock } from "../lib/clock";
import type { ToPage } from "../protocol/protocol";
import { NO_AGENT_FILTER } from "../tetra/agent-filter";
import { toGetEventsRequest } from "../tetra/agent-filter-request";
import { FIELD_SPECS } from "../tetra/filter-fields";
import { FakeScheduler } from "../testing/fake-scheduler";
import { IngestHub } from "./hub";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const id = setTimeout(fn, ms);
    return () => {
      clearTimeout(id);
    };
  },
};

/** What Apply sends after the user filled every field of an allow and a deny filter. */
function panelLists() {
  let editor = addFilter(addFilter(editorFromLists(NO_AGENT_FILTER), "allow"), "deny");
  for (const list of ["allow", "deny"] as const) {
    const id = editor[list][0]!.id;
    for (const spec of FIELD_SPECS) editor = editField(editor, list, id, spec.key, spec.example);
  }
  const result = editorResult(editor);
  expect(result.ok, JSON.stringify([...result.errors])).toBe(true);
  return result.lists;
}

describe("agent filter: panel -> worker -> gateway -> agent", () => {
  it("the agent receives exactly the request the panel built, every field", async () => {
    const agent = await startFakeAgent({ events: [execEvent("node-a", "/usr/bin/curl", 1)] });
    cleanups.push(() => agent.close());
    const gw = await startGateway({ agents: [agent.address], port: 0, log: () => {} });
    cleanups.push(() => gw.close());
    const baseUrl = gw.url.replace(/\/$/, "");
    const hub = new IngestHub({
      clock: realClock,
      scheduler: new FakeScheduler(),
      source: (signal, onOpen, request) =>
        getEventsBytes(baseUrl, signal, onOpen, undefined, request),
      fetchStatus: () => Promise.resolve([]),
      classify: classifyStreamError,
      describeError,
      capacity: 1000,
    });
    cleanups.push(() => {
      hub.stop();
    });
    const messages: ToPage[] = [];
    const port = { postMessage: (m: ToPage) => messages.push(m) };
    hub.connect(port, { type: "hello", baseUrl, capacity: 1000, bench: false });
    await waitFor(() => hub.store.received >= 1, "the first stream's event");
    expect(agent.requests).toHaveLength(1);
    expect(agent.requests[0]!.allowList).toEqual([]);

    const lists = panelLists();
    const sent = toGetEventsRequest(lists);
    for (const field of FilterSchema.fields) {
      expect(isFieldSet(sent.allowList[0]!, field), `${field.name} is set`).toBe(true);
      expect(isFieldSet(sent.denyList[0]!, field), `${field.name} is set`).toBe(true);
    }
    hub.handle(port, { type: "agentFilter", lists });
    await waitFor(() => agent.requests.length >= 2, "the restarted GetEvents");
    await waitFor(() => hub.store.received >= 2, "the second stream's event");
    const got = agent.requests[1]!;
    expect(equals(GetEventsRequestSchema, got, sent)).toBe(true);
    for (const list of ["allowList", "denyList"] as const) {
      for (const field of FilterSchema.fields) {
        const key = field.localName as keyof (typeof sent.allowList)[number];
        expect(got[list][0]![key], `${list}[0].${field.name}`).toEqual(sent[list][0]![key]);
      }
    }
    // The buffer kept the first stream's event; the tab was told the new filter.
    expect(hub.store.size).toBe(2);
    const told = messages.flatMap((m) => (m.type === "agentFilter" ? [m.state] : [])).at(-1);
    expect(told?.lists).toEqual(lists);
    expect(told?.error).toBe("");
  });
});
