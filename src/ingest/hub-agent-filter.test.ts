/**
 * The agent filter in the ingest hub: Apply restarts the ONE stream with the filter's
 * GetEventsRequest, the buffer keeps what it held, a marker "Agent filter changed" sits where
 * the new stream starts, and every tab is told. Two tabs that want different filters: the
 * last one applied wins for both (one stream cannot carry two), and both show it. A refused
 * filter (bad RE2, bad CEL, hostile URL value) changes nothing and is reported to its tab.
 */
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { classifyStreamError, describeError } from "../api/errors";
import { GetEventsRequestSchema, GetEventsResponseSchema } from "../gen/tetragon/events_pb";
import type { AgentFilterState, ToPage, ViewUpdate } from "../protocol/protocol";
import type { AgentFilterLists } from "../tetra/agent-filter";
import { encodeAgentFilterParam, fromGetEventsRequest } from "../tetra/agent-filter-request";
import { FakeClock } from "../testing/fake-clock";
import { FakeScheduler } from "../testing/fake-scheduler";
import { execEvent } from "../testing/fake-transport";
import { IngestHub } from "./hub";
import type { PortLike } from "./port";

class FakePort implements PortLike {
  readonly messages: ToPage[] = [];
  postMessage(message: ToPage): void {
    this.messages.push(message);
  }
  last(): ViewUpdate {
    const u = this.messages.flatMap((m) => (m.type === "update" ? [m.update] : [])).at(-1);
    if (u === undefined) throw new Error("no update");
    return u;
  }
  agentFilter(): AgentFilterState | undefined {
    return this.messages.flatMap((m) => (m.type === "agentFilter" ? [m.state] : [])).at(-1);
  }
}

function settle(): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, 0);
  });
}

const event = (i: number) =>
  toBinary(GetEventsResponseSchema, execEvent(`n${String(i % 3)}`, `/bin/e${String(i)}`));

const XWING: AgentFilterLists = { allow: [{ podRegex: ["^xwing$"] }], deny: [] };
const KUBE: AgentFilterLists = {
  allow: [],
  deny: [{ namespace: ["kube-system"] }, { healthCheck: true }],
};

function makeHub() {
  const clock = new FakeClock();
  const scheduler = new FakeScheduler();
  /** The GetEventsRequest of every stream the hub opened, in order. */
  const requests: AgentFilterLists[] = [];
  let next = 0;
  const hub = new IngestHub({
    clock,
    scheduler,
    source: async function* (signal, onOpen, request) {
      requests.push(fromGetEventsRequest(fromBinary(GetEventsRequestSchema, request)));
      onOpen();
      // Each stream sends 5 new events, then stays open until aborted.
      for (let i = 0; i < 5; i++) yield event(next++);
      await new Promise<void>((resolve) => {
        signal.addEventListener("abort", () => {
          resolve();
        });
      });
    },
    fetchStatus: () => Promise.resolve([]),
    classify: classifyStreamError,
    describeError,
    capacity: 1000,
    flushMs: 40,
  });
  const hello = { type: "hello", baseUrl: "http://x", capacity: 1000, bench: false } as const;
  const flush = async () => {
    await settle();
    await settle();
    clock.advance(40);
    scheduler.runAll();
  };
  const tab = (agentFilter?: string) => {
    const port = new FakePort();
    hub.connect(port, agentFilter === undefined ? hello : { ...hello, agentFilter });
    hub.handle(port, { type: "ack", update: port.last().update });
    return port;
  };
  const ack = (port: FakePort) => {
    hub.handle(port, { type: "ack", update: port.last().update });
  };
  return { hub, flush, tab, ack, requests };
}

describe("agent filter in the ingest hub", () => {
  it("Apply restarts the stream with the request, keeps the buffer and adds a marker", async () => {
    const h = makeHub();
    const a = h.tab();
    await h.flush();
    expect(h.requests).toEqual([{ allow: [], deny: [] }]);
    expect(h.hub.store.size).toBe(5);

    h.hub.handle(a, { type: "agentFilter", lists: XWING });
    await h.flush();
    expect(h.requests).toEqual([{ allow: [], deny: [] }, XWING]);
    // The 5 older events stay, 5 more came from the new stream; the marker sits between.
    expect(h.hub.store.size).toBe(10);
    h.ack(a);
    await h.flush();
    const u = a.last();
    const kinds = u.rows.map((r) => r.type);
    expect(kinds).toEqual([
      ...Array<string>(5).fill("event"),
      "note",
      ...Array<string>(5).fill("event"),
    ]);
    const note = u.rows[5];
    expect(note).toMatchObject({
      type: "note",
      note: "agent-filter",
      summary: "allow pod_regex ^xwing$",
    });
    expect(a.agentFilter()).toMatchObject({
      lists: XWING,
      error: "",
      param: encodeAgentFilterParam(XWING),
    });
    h.hub.stop();
  });

  it("two tabs: the last filter applied wins for both, and both show it", async () => {
    const h = makeHub();
    const a = h.tab();
    const b = h.tab();
    await h.flush();
    h.hub.handle(a, { type: "agentFilter", lists: XWING });
    await h.flush();
    expect(a.agentFilter()?.lists).toEqual(XWING);
    expect(b.agentFilter()?.lists).toEqual(XWING);
    h.hub.handle(b, { type: "agentFilter", lists: KUBE });
    await h.flush();
    expect(h.requests.at(-1)).toEqual(KUBE);
    expect(a.agentFilter()?.lists).toEqual(KUBE);
    expect(b.agentFilter()?.lists).toEqual(KUBE);
    expect(a.agentFilter()?.version).toBe(b.agentFilter()?.version);
    // The same filter again: no restart, no marker.
    const opened = h.requests.length;
    h.hub.handle(a, { type: "agentFilter", lists: KUBE });
    await h.flush();
    expect(h.requests.length).toBe(opened);
    h.hub.stop();
  });

  it("a refused filter changes nothing and is reported to its tab only", async () => {
    const h = makeHub();
    const a = h.tab();
    const b = h.tab();
    await h.flush();
    h.hub.handle(a, { type: "agentFilter", lists: XWING });
    await h.flush();
    const opened = h.requests.length;
    const bMessages = b.messages.length;
    for (const lists of [
      { allow: [{ podRegex: ["(unclosed"] }], deny: [] },
      { allow: [{ celExpression: ["process_exec.process.no_such_field == 1"] }], deny: [] },
      { allow: [{ labels: ["app in (a"] }], deny: [] },
    ] satisfies AgentFilterLists[]) {
      h.hub.handle(a, { type: "agentFilter", lists });
      await h.flush();
      expect(a.agentFilter()?.error).toMatch(/^agent filter not applied: allow #1 /);
      expect(a.agentFilter()?.lists).toEqual(XWING);
    }
    expect(h.requests.length).toBe(opened);
    expect(b.messages.slice(bMessages).some((m) => m.type === "agentFilter")).toBe(false);
    h.hub.stop();
  });

  it("a tab whose URL holds a filter applies it; a tab without adopts the one in force", async () => {
    const h = makeHub();
    const a = h.tab(encodeAgentFilterParam(XWING));
    await h.flush();
    // The first stream already carries it: no restart, no marker.
    expect(h.requests).toEqual([XWING]);
    expect(a.last().rows.every((r) => r.type === "event")).toBe(true);
    const b = h.tab();
    expect(b.agentFilter()?.lists).toEqual(XWING);
    const c = h.tab("1.%%%");
    expect(c.agentFilter()?.error).toMatch(/not in a form this version reads/);
    expect(c.agentFilter()?.lists).toEqual(XWING);
    const d = h.tab(encodeAgentFilterParam(KUBE));
    await h.flush();
    expect(h.requests).toEqual([XWING, KUBE]);
    for (const port of [a, b, d]) expect(port.agentFilter()?.lists).toEqual(KUBE);
    h.hub.stop();
  });
});
