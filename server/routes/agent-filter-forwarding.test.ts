/**
 * The agent filter reaches every agent exactly as the panel built it: a GetEventsRequest with
 * every tetragon.Filter field set, sent over gRPC-Web through the real gateway, arrives at a
 * fake agent (real HTTP/2 gRPC) equal field by field. A request over the gateway's caps is
 * refused with InvalidArgument before any agent sees it.
 */
import type { GetEventsRequest } from "../../src/gen/tetragon/events_pb.js";
import { create, equals, isFieldSet } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-node";
import { afterEach, describe, expect, it } from "vitest";
import { FilterSchema, GetEventsRequestSchema } from "../../src/gen/tetragon/events_pb.js";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import type { AgentFilterLists } from "../../src/tetra/agent-filter.js";
import { agentFilterKey } from "../../src/tetra/agent-filter.js";
import {
  exampleDraft,
  parseDraft,
  validateAgentFilter,
} from "../../src/tetra/agent-filter-draft.js";
import { fromGetEventsRequest, toGetEventsRequest } from "../../src/tetra/agent-filter-request.js";
import { agentFilterLimits } from "../../src/tetra/request-limits.js";
import { startGateway } from "../gateway.js";
import { startFakeAgent } from "../testing/fake-agent.js";
import { execEvent, waitFor } from "../testing/fixtures.js";
import { requestLimits } from "./request-limits.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The lists the panel builds when every field is filled with its example value. */
function everyFieldLists(): AgentFilterLists {
  const { filter, errors } = parseDraft(exampleDraft());
  expect(errors).toEqual({});
  const lists = {
    allow: [filter, { podRegex: ["^other$"] }],
    deny: [{ namespace: [""], healthCheck: true }, filter],
  };
  expect(validateAgentFilter(lists)).toEqual([]);
  return lists;
}

async function setup() {
  const agent = await startFakeAgent({ events: [execEvent("node-a", "/usr/bin/curl", 1)] });
  cleanups.push(() => agent.close());
  const gw = await startGateway({ agents: [agent.address], port: 0, log: () => {} });
  cleanups.push(() => gw.close());
  return { agent, gw };
}

/** Opens GetEvents with `request`; resolves once an event arrived (or rejects with the error). */
async function openStream(
  baseUrl: string,
  request: GetEventsRequest,
  useBinaryFormat: boolean,
): Promise<() => void> {
  const transport = createGrpcWebTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat });
  const client = createClient(FineGuidanceSensors, transport);
  const controller = new AbortController();
  const stream = client.getEvents(request, { signal: controller.signal });
  const first = await stream[Symbol.asyncIterator]().next();
  expect(first.done).toBe(false);
  return () => {
    controller.abort();
  };
}

describe("the agent filter through the gateway", () => {
  it.each([
    ["gRPC-Web binary", true],
    ["gRPC-Web JSON", false],
  ])("reaches the agent unchanged, every field (%s)", async (_name, binary) => {
    const { agent, gw } = await setup();
    const lists = everyFieldLists();
    const sent = toGetEventsRequest(lists);
    for (const field of FilterSchema.fields) {
      expect(isFieldSet(sent.allowList[0]!, field), `${field.name} is set`).toBe(true);
    }
    const stop = await openStream(gw.url.replace(/\/$/, ""), sent, binary);
    cleanups.push(async () => {
      stop();
      await Promise.resolve();
    });
    await waitFor(() => agent.requests.length > 0, "the agent's GetEvents");
    const got = agent.requests[0]!;
    expect(got.allowList).toHaveLength(sent.allowList.length);
    expect(got.denyList).toHaveLength(sent.denyList.length);
    for (const list of ["allowList", "denyList"] as const) {
      sent[list].forEach((want, i) => {
        const have = got[list][i]!;
        for (const field of FilterSchema.fields) {
          expect(isFieldSet(have, field), `${list}[${String(i)}].${field.name} set`).toBe(
            isFieldSet(want, field),
          );
          const key = field.localName as keyof typeof want;
          expect(have[key], `${list}[${String(i)}].${field.name}`).toEqual(want[key]);
        }
        expect(equals(FilterSchema, have, want)).toBe(true);
      });
    }
    expect(equals(GetEventsRequestSchema, got, sent)).toBe(true);
    expect(agentFilterKey(fromGetEventsRequest(got))).toBe(agentFilterKey(lists));
  });

  it.each([
    [
      "33 allow filters",
      create(GetEventsRequestSchema, {
        allowList: Array.from({ length: requestLimits.maxFilters + 1 }, () => ({
          podRegex: ["a"],
        })),
      }),
    ],
    [
      "a 1,025-character CEL expression",
      create(GetEventsRequestSchema, {
        denyList: [{ celExpression: ["x".repeat(requestLimits.maxStringLength + 1)] }],
      }),
    ],
  ])("refuses %s with InvalidArgument before the agent", async (_name, request) => {
    const { agent, gw } = await setup();
    const error = await openStream(gw.url.replace(/\/$/, ""), request, true).then(
      () => undefined,
      (err: unknown) => ConnectError.from(err),
    );
    expect(error?.code).toBe(Code.InvalidArgument);
    expect(error?.rawMessage).toMatch(/the gateway allows at most/);
    expect(agent.callsTo("GetEvents")).toBe(0);
    expect(agent.requests).toEqual([]);
    // The page's own check refuses the same request before sending it.
    expect(validateAgentFilter(fromGetEventsRequest(request))).not.toEqual([]);
  });

  it("checks the same caps as the page", () => {
    expect(agentFilterLimits).toEqual({
      maxFilters: requestLimits.maxFilters,
      maxValuesPerField: requestLimits.maxValuesPerField,
      maxStringLength: requestLimits.maxStringLength,
    });
  });
});
