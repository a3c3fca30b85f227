import { create, fromBinary, toBinary, toJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { classifyStreamError, describeError } from "../api/errors";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb";
import { pageRows, StringInterner } from "../model/page-row";
import { toEventRow } from "../model/to-event-row";
import { FakeClock } from "../testing/fake-clock";
import { execEvent } from "../testing/fake-transport";
import { IngestHub, type PortLike } from "./ingest-hub";
import type { ToPage } from "./protocol";

class FakePort implements PortLike {
  readonly messages: ToPage[] = [];
  postMessage(message: ToPage): void {
    this.messages.push(message);
  }
  rows(): ToPage[] {
    return this.messages.filter((m) => m.type === "rows");
  }
}

const encoded = ["n1", "n2", "n3"].map((n) =>
  toBinary(GetEventsResponseSchema, execEvent(n, `/bin/${n}`)),
);

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    signal.addEventListener("abort", () => {
      resolve();
    });
  });
}

/** A source that yields the events, then stays open until aborted. */
function makeSource(calls: { n: number }) {
  return async function* (signal: AbortSignal, onOpen: () => void): AsyncGenerator<Uint8Array> {
    calls.n++;
    onOpen();
    for (const e of encoded) yield e;
    await untilAborted(signal);
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function makeHub(calls: { n: number }, clock: FakeClock): IngestHub {
  return new IngestHub({
    clock,
    source: makeSource(calls),
    fetchStatus: () => Promise.resolve([]),
    classify: classifyStreamError,
    describeError,
    flushMs: 40,
  });
}

describe("IngestHub", () => {
  it("opens one stream for any number of pages and sends every page the same batch", async () => {
    const clock = new FakeClock();
    const calls = { n: 0 };
    const hub = makeHub(calls, clock);
    const a = new FakePort();
    const b = new FakePort();
    hub.connect(a);
    hub.connect(b);
    await settle();
    clock.advance(40);
    expect(calls.n).toBe(1);
    for (const port of [a, b]) {
      const batches = port.rows();
      expect(batches).toHaveLength(1);
      const batch = batches[0];
      if (batch?.type !== "rows") throw new Error("no rows");
      expect(batch.rows.map((r) => r.node)).toEqual(["n1", "n2", "n3"]);
      expect(batch.rows.map((r) => r.seq)).toEqual([1, 2, 3]);
      // The bytes of each row decode to the event that was streamed.
      const rows = pageRows(batch.rows, batch.bytes, batch.ends, new StringInterner());
      rows.forEach((row, i) => {
        const original = fromBinary(GetEventsResponseSchema, encoded[i] ?? new Uint8Array());
        expect(toJson(GetEventsResponseSchema, row.raw)).toEqual(
          toJson(GetEventsResponseSchema, original),
        );
      });
    }
    hub.stop();
  });

  it("rows carry exactly toEventRow's fields, minus raw", async () => {
    const clock = new FakeClock();
    const hub = makeHub({ n: 0 }, clock);
    const port = new FakePort();
    hub.connect(port);
    await settle();
    clock.advance(40);
    const batch = port.rows()[0];
    if (batch?.type !== "rows") throw new Error("no rows");
    const full = toEventRow(fromBinary(GetEventsResponseSchema, encoded[0] ?? new Uint8Array()), 1);
    const expected = Object.fromEntries(Object.entries(full).filter(([k]) => k !== "raw"));
    expect(batch.rows[0]).toEqual(expected);
    hub.stop();
  });

  it("tells a new page the current connection state, and every page each change", async () => {
    const clock = new FakeClock();
    const hub = makeHub({ n: 0 }, clock);
    const first = new FakePort();
    hub.connect(first);
    await settle();
    const late = new FakePort();
    hub.connect(late);
    const lateState = late.messages.find((m) => m.type === "state");
    expect(lateState?.type === "state" && lateState.state.phase).toBe("live");
    expect(late.messages.some((m) => m.type === "status")).toBe(true);
    hub.stop();
    for (const port of [first, late]) {
      const states = port.messages.filter((m) => m.type === "state");
      const last = states[states.length - 1];
      expect(last?.type === "state" && last.state.phase).toBe("stopped");
    }
  });

  it("stops posting to a page that said bye", async () => {
    const clock = new FakeClock();
    const hub = makeHub({ n: 0 }, clock);
    const stays = new FakePort();
    const leaves = new FakePort();
    hub.connect(stays);
    hub.connect(leaves);
    hub.disconnect(leaves);
    expect(hub.portCount).toBe(1);
    await settle();
    clock.advance(40);
    expect(stays.rows()).toHaveLength(1);
    expect(leaves.rows()).toHaveLength(0);
    hub.stop();
  });

  it("a page that stops acking is sent a bounded number of rows, then told exactly what it lost", async () => {
    const clock = new FakeClock();
    const events = Array.from({ length: 50 }, (_, i) =>
      toBinary(GetEventsResponseSchema, execEvent("n", `/bin/e${String(i)}`)),
    );
    let release: (() => void) | undefined;
    const hub = new IngestHub({
      clock,
      // Ten events per flush interval: the hub sees them in five 10-row batches.
      source: async function* (signal, onOpen) {
        onOpen();
        for (let i = 0; i < events.length; i++) {
          if (i > 0 && i % 10 === 0)
            await new Promise<void>((resolve) => {
              release = resolve;
            });
          yield events[i] ?? new Uint8Array();
        }
        await untilAborted(signal);
      },
      fetchStatus: () => Promise.resolve([]),
      classify: classifyStreamError,
      describeError,
      flushMs: 40,
      maxUnackedRows: 20,
    });
    const fast = new FakePort();
    const slow = new FakePort();
    hub.connect(fast);
    hub.connect(slow);
    for (let b = 0; b < 5; b++) {
      await settle();
      clock.advance(40);
      const last = fast.rows().at(-1);
      if (last?.type === "rows") hub.ack(fast, last.batch);
      release?.();
    }
    await settle();
    const count = (port: FakePort) =>
      port.rows().reduce((n, m) => n + (m.type === "rows" ? m.rows.length : 0), 0);
    expect(count(fast)).toBe(50);
    // The slow page got two batches (its bound), nothing more while it did not ack.
    expect(count(slow)).toBe(20);
    expect(slow.messages.some((m) => m.type === "lost")).toBe(false);
    expect(hub.lostFor(slow)).toBe(30);
    // The diagnostics the e2e suite reads in the browser's worker say the same.
    expect(hub.diagnostics()).toEqual({
      events: 50,
      pages: [
        { unacknowledged: 0, lost: 0, maxUnacked: 20 },
        { unacknowledged: 20, lost: 30, maxUnacked: 20 },
      ],
    });
    // It catches up: the loss is reported once, with the period it covers.
    const lastSlow = slow.rows().at(-1);
    if (lastSlow?.type !== "rows") throw new Error("no rows");
    hub.ack(slow, lastSlow.batch);
    const lost = slow.messages.filter((m) => m.type === "lost");
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ type: "lost", count: 30 });
    // Received + lost = every event, with no duplicate row.
    const seqs = slow.rows().flatMap((m) => (m.type === "rows" ? m.rows.map((r) => r.seq) : []));
    expect(new Set(seqs).size).toBe(20);
    hub.stop();
  });

  it("sums the drops that rate_limit_info events report, per batch", async () => {
    const clock = new FakeClock();
    const limit = (n: bigint) =>
      toBinary(
        GetEventsResponseSchema,
        create(GetEventsResponseSchema, {
          nodeName: "n",
          event: { case: "rateLimitInfo", value: { numberOfDroppedProcessEvents: n } },
        }),
      );
    const hub = new IngestHub({
      clock,
      source: async function* (signal, onOpen) {
        onOpen();
        yield limit(7n);
        yield encoded[0] ?? new Uint8Array();
        yield limit(35n);
        await untilAborted(signal);
      },
      fetchStatus: () => Promise.resolve([]),
      classify: classifyStreamError,
      describeError,
    });
    const port = new FakePort();
    hub.connect(port);
    await settle();
    clock.advance(40);
    const batch = port.rows()[0];
    expect(batch?.type === "rows" && batch.reportedDrops).toBe(42);
    expect(batch?.type === "rows" && batch.rows.map((r) => r.kind)).toEqual([
      "rate_limit_info",
      "exec",
      "rate_limit_info",
    ]);
    hub.stop();
  });
});
