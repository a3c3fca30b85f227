import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { classifyStreamError, describeError } from "../api/errors";
import { toRowView } from "../decode/to-row";
import { EMPTY_FILTERS } from "../filters/filter-spec";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb";
import type { ToPage, ViewUpdate } from "../protocol/protocol";
import { FakeClock } from "../testing/fake-clock";
import { FakeScheduler } from "../testing/fake-scheduler";
import { execEvent } from "../testing/fake-transport";
import { family } from "../testing/synthetic-tree";
import { IngestHub } from "./hub";
import type { PortLike } from "./port";

class FakePort implements PortLike {
  readonly messages: ToPage[] = [];
  postMessage(message: ToPage): void {
    this.messages.push(message);
  }
  updates(): ViewUpdate[] {
    return this.messages.flatMap((m) => (m.type === "update" ? [m.update] : []));
  }
  last(): ViewUpdate {
    const u = this.updates().at(-1);
    if (u === undefined) throw new Error("no update");
    return u;
  }
}

const binaries = Array.from({ length: 30 }, (_, i) => `/bin/e${String(i)}`);
const encoded = binaries.map((b, i) =>
  toBinary(GetEventsResponseSchema, execEvent(`n${String(i % 3)}`, b)),
);

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    signal.addEventListener("abort", () => {
      resolve();
    });
  });
}

/** Lets the in-memory stream deliver everything it has (one macrotask: no waiting on time). */
function settle(): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, 0);
  });
}

type Source = ConstructorParameters<typeof IngestHub>[0]["source"];

/** A stream that sends `events` at once and stays open. */
function sendsAtOnce(events: Uint8Array[], calls: { n: number }): Source {
  return async function* (signal, onOpen) {
    calls.n++;
    onOpen();
    for (const e of events) yield e;
    await untilAborted(signal);
  };
}

function makeHub(
  events: Uint8Array[] = encoded,
  calls = { n: 0 },
  source: Source = sendsAtOnce(events, calls),
) {
  const clock = new FakeClock();
  const scheduler = new FakeScheduler();
  const hub = new IngestHub({
    clock,
    scheduler,
    source,
    fetchStatus: () => Promise.resolve([]),
    classify: classifyStreamError,
    describeError,
    capacity: 1000,
    flushMs: 40,
  });
  const hello = { type: "hello", baseUrl: "http://x", capacity: 1000, bench: false } as const;
  /** Lets the stream deliver, the tick fire and the jobs run. */
  const flush = async () => {
    await settle();
    clock.advance(40);
    scheduler.runAll();
  };
  const ackLast = (port: FakePort) => {
    hub.handle(port, { type: "ack", update: port.last().update });
  };
  /** A connected tab that has taken its first update. */
  const tab = (bench = false) => {
    const port = new FakePort();
    hub.connect(port, { ...hello, bench });
    ackLast(port);
    return port;
  };
  return { hub, clock, scheduler, hello, flush, ackLast, tab, calls };
}

const seqs = (u: ViewUpdate) => u.rows.map((r) => (r.type === "event" ? r.row.seq : r.id));

describe("IngestHub", () => {
  it("one stream and one buffer for any number of tabs; each tab gets its rows", async () => {
    const calls = { n: 0 };
    const h = makeHub(encoded, calls);
    const a = h.tab();
    const b = h.tab();
    await h.flush();
    expect(calls.n).toBe(1);
    expect(h.hub.store.received).toBe(30);
    for (const port of [a, b]) {
      const u = port.last();
      expect(u.counts).toMatchObject({ received: 30, shown: 30, size: 30, dropped: 0 });
      expect(u.rowCount).toBe(30);
      // Rows are exactly what toRowView makes of each event, row id = position + 1.
      u.rows.forEach((r, i) => {
        if (r.type !== "event") throw new Error("gap");
        expect(r.row).toEqual(toRowView(fromBinary(GetEventsResponseSchema, encoded[i]!), i + 1));
      });
    }
    h.hub.stop();
  });

  it("sends a tab only the rows of its viewport", async () => {
    const h = makeHub();
    const port = h.tab();
    h.hub.handle(port, {
      type: "viewport",
      viewport: { first: 5, count: 4, follow: false, shiftBasis: 0 },
    });
    h.ackLast(port);
    await h.flush();
    const u = port.last();
    expect(u.first).toBe(5);
    expect(seqs(u)).toEqual([6, 7, 8, 9]);
    h.ackLast(port);
    h.hub.handle(port, {
      type: "viewport",
      viewport: { first: 0, count: 3, follow: true, shiftBasis: 0 },
    });
    expect(seqs(port.last())).toEqual([28, 29, 30]);
    h.hub.stop();
  });

  it("a tab that does not ack gets nothing more, loses nothing, and then sees the latest", async () => {
    const h = makeHub();
    const slow = new FakePort();
    h.hub.connect(slow, h.hello);
    const before = slow.updates().length;
    await h.flush();
    await h.flush();
    expect(slow.updates().length).toBe(before);
    h.ackLast(slow);
    await h.flush();
    expect(slow.last().counts.received).toBe(30);
    expect(slow.last().rowCount).toBe(30);
    h.hub.stop();
  });

  it("new events reach a tab at the tick, never on its ack; its own requests on the ack", async () => {
    // Events arrive while the test says so: a queue the stream drains.
    const queue: Uint8Array[] = [];
    let wake = (): void => undefined;
    const { hub, clock, hello, ackLast } = makeHub([], { n: 0 }, async function* (signal, onOpen) {
      onOpen();
      while (!signal.aborted) {
        const next = queue.shift();
        if (next !== undefined) yield next;
        else await new Promise<void>((r) => (wake = r));
      }
    });
    const port = new FakePort();
    const ack = () => {
      ackLast(port);
    };
    const push = async (n: number) => {
      queue.push(...encoded.slice(0, n));
      wake();
      await settle();
    };
    hub.connect(port, hello);
    ack();
    await push(3);
    const sent = port.updates().length;
    expect(port.last().counts.received).toBe(0);
    clock.advance(40);
    expect(port.updates().length).toBe(sent + 1);
    expect(port.last().counts.received).toBe(3);

    // Events arriving while an update is out: the ack does not send them, the tick does.
    await push(2);
    clock.advance(40);
    expect(port.updates().length).toBe(sent + 1);
    ack();
    expect(port.updates().length).toBe(sent + 1);
    clock.advance(40);
    expect(port.updates().length).toBe(sent + 2);
    expect(port.last().counts.received).toBe(5);

    // The tab's own request while an update is out: answered on the ack, with no tick.
    hub.handle(port, {
      type: "viewport",
      viewport: { first: 0, count: 2, follow: true, shiftBasis: 0 },
    });
    expect(port.updates().length).toBe(sent + 2);
    ack();
    expect(port.updates().length).toBe(sent + 3);
    expect(seqs(port.last())).toEqual([4, 5]);
    hub.stop();
    wake();
  });

  it("each tab filters the same buffer its own way, off its thread, in versions", async () => {
    const h = makeHub();
    const a = h.tab();
    const b = h.tab();
    await h.flush();
    h.ackLast(a);
    h.hub.handle(a, {
      type: "view",
      version: 1,
      spec: { filters: { ...EMPTY_FILTERS, binary: "^/bin/e1" }, sort: null },
    });
    h.scheduler.runAll();
    h.ackLast(a);
    await h.flush();
    const u = a.last();
    expect(u.version).toBe(1);
    expect(u.rows.map((r) => (r.type === "event" ? r.row.binary : ""))).toEqual(
      binaries.filter((x) => x.startsWith("/bin/e1")),
    );
    expect(b.last().rowCount).toBe(30);
    // An invalid pattern: its error comes back, the last valid filter stays.
    h.hub.handle(a, {
      type: "view",
      version: 2,
      spec: { filters: { ...EMPTY_FILTERS, binary: "(" }, sort: null },
    });
    h.ackLast(a);
    await h.flush();
    expect(a.last().errors.binary).toMatch(/missing closing \)/);
    expect(a.last().rowCount).toBe(u.rowCount);
    h.hub.stop();
  });

  it("sums the drops rate_limit_info events report into Dropped", async () => {
    const limit = (n: bigint) =>
      toBinary(
        GetEventsResponseSchema,
        create(GetEventsResponseSchema, {
          event: { case: "rateLimitInfo", value: { numberOfDroppedProcessEvents: n } },
        }),
      );
    const h = makeHub([limit(7n), encoded[0]!, limit(35n)]);
    const port = h.tab();
    await h.flush();
    expect(port.last().counts).toMatchObject({ received: 3, dropped: 42 });
    h.hub.stop();
  });

  it("answers detail and step requests from the buffer", async () => {
    const h = makeHub();
    const port = h.tab();
    await h.flush();
    const row = h.hub.store.rowView(10);
    h.hub.handle(port, { type: "detail", id: 1, key: row.key });
    h.hub.handle(port, { type: "detail", id: 2, key: "0" });
    h.hub.handle(port, { type: "step", id: 3, key: row.key, delta: 1 });
    h.hub.handle(port, { type: "step", id: 4, key: undefined, delta: -1 });
    const answers = port.messages.filter((m) => m.type === "detail" || m.type === "step");
    expect(answers[0]).toMatchObject({ type: "detail", id: 1, result: { found: true, row } });
    const detail = answers[0]?.type === "detail" ? answers[0].result : undefined;
    expect(detail?.found === true && detail.json).toContain('"binary":"/bin/e10"');
    expect(answers[1]).toEqual({ type: "detail", id: 2, result: { found: false } });
    expect(answers[2]).toMatchObject({
      type: "step",
      found: { key: h.hub.store.rowView(11).key, index: 11 },
    });
    expect(answers[3]).toMatchObject({ type: "step", found: { index: 29 } });
    h.hub.stop();
  });

  it("answers process requests with the tree built over the buffer", async () => {
    const f = family();
    const h = makeHub(f.events.map((e) => toBinary(GetEventsResponseSchema, e)));
    const port = h.tab();
    await h.flush();
    // The 4th event is curl's exec.
    h.hub.handle(port, { type: "process", id: 7, target: { event: h.hub.store.rowView(3).key } });
    h.hub.handle(port, { type: "process", id: 8, target: { event: "0" } });
    const answers = port.messages.filter((m) => m.type === "process");
    expect(answers[0]).toMatchObject({
      type: "process",
      id: 7,
      result: { found: true, execId: f.curl.execId, events: { total: 4 } },
    });
    expect(answers[1]).toMatchObject({ type: "process", id: 8, result: { found: false } });
    h.hub.stop();
  });

  it("tells a new tab the connection state and status at once; forgets a tab that said bye", async () => {
    const h = makeHub();
    const first = new FakePort();
    h.hub.connect(first, h.hello);
    await settle();
    const late = new FakePort();
    h.hub.connect(late, h.hello);
    expect(late.messages.find((m) => m.type === "state")).toMatchObject({
      state: { phase: "live" },
    });
    expect(late.messages.some((m) => m.type === "status")).toBe(true);
    h.hub.handle(late, { type: "bye" });
    expect(h.hub.tabCount).toBe(1);
    const n = late.messages.length;
    h.ackLast(first);
    await h.flush();
    expect(late.messages.length).toBe(n);
    h.hub.stop();
  });

  it("with ?bench=1 it checks the synthetic agent's pid sequence over every event", async () => {
    const pids = [1, 2, 3, 5, 6, 1, 2];
    const events = pids.map((pid) =>
      toBinary(
        GetEventsResponseSchema,
        create(GetEventsResponseSchema, {
          event: { case: "processExec", value: { process: { pid } } },
        }),
      ),
    );
    const h = makeHub(events);
    const port = h.tab(true);
    await h.flush();
    expect(port.last().bench).toEqual({ missing: 1, resets: 1, dropNotices: 0 });
    h.hub.stop();
  });
});
