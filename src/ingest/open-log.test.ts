/**
 * "Open log…" on the worker path: a File handed to the IngestHub (as a tab posts it) is read
 * through src/logs into the same buffer, after a file marker; the JSONL Export of what it
 * shows reads back identically; gzip, kubectl prefixes, a malformed line (reported by number,
 * nothing else lost); live events that arrive during the read wait behind the file.
 * Real events from ../shared (skips, saying why, when absent) plus synthetic ones.
 */
import { toBinary } from "@bufbuild/protobuf";
import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { classifyStreamError, describeError } from "../api/errors";
import { EMPTY_FILTERS } from "../filters/filter-spec";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb";
import type { FileSourceState, ToPage, ViewUpdate } from "../protocol/protocol";
import { FakeClock } from "../testing/fake-clock";
import { FakeScheduler } from "../testing/fake-scheduler";
import { execEvent } from "../testing/fake-transport";
import { loadRealEvents, REAL_EVENTS_SKIP } from "../testing/real-events";
import { IngestHub } from "./hub";
import type { PortLike } from "./port";

const real = loadRealEvents();
if (real === undefined) console.warn(`open-log.test: ${REAL_EVENTS_SKIP}`);

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
  fileStates(): FileSourceState[] {
    return this.messages.flatMap((m) => (m.type === "file" ? [m.state] : []));
  }
}

/** One macrotask: lets the in-memory stream and the Blob reader run (no waiting on time). */
function settle(): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, 0);
  });
}

/** A hub whose live stream yields `live` once it is told to (`release`), then stays open. */
function makeHub(live: Uint8Array[] = []) {
  const clock = new FakeClock();
  const scheduler = new FakeScheduler();
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const hub = new IngestHub({
    clock,
    scheduler,
    source: async function* (signal, onOpen) {
      onOpen();
      await released;
      for (const e of live) yield e;
      await new Promise<void>((resolve) => {
        signal.addEventListener("abort", () => {
          resolve();
        });
      });
    },
    fetchStatus: () => Promise.resolve([]),
    classify: classifyStreamError,
    describeError,
    capacity: 10_000,
    flushMs: 40,
  });
  const port = new FakePort();
  hub.connect(port, { type: "hello", baseUrl: "http://x", capacity: 10_000, bench: false });
  const ack = () => {
    hub.handle(port, { type: "ack", update: port.last().update });
  };
  ack();
  // New events reach a tab at the hub's tick, and only once it has taken its last update:
  // ack, then tick.
  const flush = async () => {
    await settle();
    ack();
    clock.advance(40);
    scheduler.runAll();
    ack();
  };
  /** Opens `file` as the tab would and waits until the worker says it is read. */
  const open = async (file: Blob, name: string) => {
    hub.handle(port, { type: "open-log", id: 1, file, name });
    for (let i = 0; i < 1000; i++) {
      const done = port.messages.find((m) => m.type === "open-log");
      if (done !== undefined) {
        await flush();
        return done;
      }
      await settle();
    }
    throw new Error("the file was never read");
  };
  /** The tab's JSONL export of what it shows. */
  const exportJsonl = async (): Promise<string> => {
    hub.handle(port, { type: "export", id: 9, format: "jsonl", columns: [] });
    scheduler.runAll();
    await settle();
    const parts = port.messages.flatMap((m) => (m.type === "export" && m.id === 9 ? [m] : []));
    expect(parts.at(-1)?.done).toBe(true);
    return parts.map((p) => p.chunk).join("");
  };
  return { hub, port, open, flush, exportJsonl, release, ack };
}

function eventRows(u: ViewUpdate) {
  return u.rows.flatMap((r) => (r.type === "event" ? [r.row] : []));
}

describe.skipIf(real === undefined)("Open log on the 32 real events", () => {
  const events = real ?? [];
  const jsonl = events.map((e) => e.line).join("\n") + "\n";

  it("reads every event into the buffer after a file marker, with the original times", async () => {
    const h = makeHub();
    const done = await h.open(new Blob([jsonl]), "real-events.jsonl");
    expect(done).toEqual({ type: "open-log", id: 1, paused: true, error: "" });
    const u = h.port.last();
    expect(u.counts.received).toBe(32);
    const first = u.rows[0];
    expect(first).toMatchObject({ type: "gap", source: "file", reason: "file: real-events.jsonl" });
    const rows = eventRows(u);
    expect(rows).toHaveLength(32);
    // Each row keeps the event's own time, as the agent wrote it.
    expect(rows.map((r) => r.timeMs)).toEqual(
      events.map((e) => Date.parse((JSON.parse(e.line) as { time: string }).time)),
    );
    expect(rows.map((r) => r.time)).toEqual(
      // One of them has no time at all: the row says so with "".
      events.map((e) => (JSON.parse(e.line) as { time?: string }).time ?? ""),
    );
    const final = h.port.fileStates().at(-1);
    expect(final).toMatchObject({
      name: "real-events.jsonl",
      phase: "done",
      events: 32,
      bytesRead: jsonl.length,
      totalBytes: jsonl.length,
      problemCount: 0,
      summary: "",
    });
    h.hub.stop();
  });

  it("the JSONL Export of a filtered view reads back identically (round trip)", async () => {
    const a = makeHub();
    await a.open(new Blob([jsonl]), "real-events.jsonl");
    // A filtered view: only the kprobe events.
    a.hub.handle(a.port, {
      type: "view",
      version: 1,
      spec: { filters: { ...EMPTY_FILTERS, eventType: "kprobe" }, sort: null },
    });
    await a.flush();
    const shown = a.port.last().counts.shown;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(32);
    const exported = await a.exportJsonl();
    expect(exported.trimEnd().split("\n")).toHaveLength(shown);

    const b = makeHub();
    const done = await b.open(new Blob([exported]), "tetragon-events.jsonl");
    expect(done).toMatchObject({ error: "" });
    expect(b.port.fileStates().at(-1)).toMatchObject({
      events: shown,
      problemCount: 0,
      summary: "",
    });
    expect(await b.exportJsonl()).toBe(exported);
    a.hub.stop();
    b.hub.stop();
  });

  it("reads .gz and kubectl output with --prefix --timestamps the same", async () => {
    const plain = makeHub();
    await plain.open(new Blob([jsonl]), "a.jsonl");
    const expected = await plain.exportJsonl();

    const gz = makeHub();
    await gz.open(new Blob([gzipSync(new TextEncoder().encode(jsonl))]), "a.jsonl.gz");
    expect(gz.port.fileStates().at(-1)).toMatchObject({ phase: "done", events: 32 });
    expect(await gz.exportJsonl()).toBe(expected);

    const kubectl = events
      .map(
        (e, i) =>
          `[pod/tetragon-x${String(i)}/export-stdout] 2024-05-01T12:00:00.000000001Z ${e.line}`,
      )
      .join("\r\n");
    const k = makeHub();
    await k.open(new Blob([kubectl]), "kubectl.log");
    expect(k.port.fileStates().at(-1)).toMatchObject({
      phase: "done",
      events: 32,
      problemCount: 0,
    });
    expect(await k.exportJsonl()).toBe(expected);
    for (const h of [plain, gz, k]) h.hub.stop();
  });

  it("a malformed line is reported by its number and loses nothing else", async () => {
    const lines = events.map((e) => e.line);
    lines.splice(4, 0, '{"process_exec": {"process": '); // line 5
    lines.splice(9, 0, '{"process_connect": {"destination_ip": "10.0.0.1"}}'); // line 10
    const h = makeHub();
    await h.open(new Blob([lines.join("\n")]), "broken.log");
    const final = h.port.fileStates().at(-1);
    expect(final).toMatchObject({ phase: "done", events: 32, problemCount: 2 });
    expect(final?.problems.map((p) => p.line)).toEqual([5, 10]);
    expect(final?.problems[0]?.reason).toMatch(/^not valid JSON/);
    expect(final?.problems[1]?.reason).toMatch(/^process_connect: an older Tetragon event kind/);
    expect(final?.summary).toContain("skipped older kinds: process_connect (1)");
    expect(final?.summary).toContain("1 line not events (first: line 5: not valid JSON");
    expect(h.port.last().counts.received).toBe(32);
    h.hub.stop();
  });
});

describe("Open log", () => {
  const fileEvent = (i: number) =>
    JSON.stringify({
      process_exec: { process: { binary: `/bin/file${String(i)}`, unknown_new_field: 1 } },
      node_name: "n1",
      time: "2022-01-19T16:29:01.861Z",
    });

  it("keeps the file's events together: live events arriving meanwhile follow its last one", async () => {
    const live = [0, 1, 2].map((i) =>
      toBinary(GetEventsResponseSchema, execEvent("live", `/bin/live${String(i)}`)),
    );
    const h = makeHub(live);
    const text = [0, 1, 2, 3].map(fileEvent).join("\n");
    // A file whose bytes arrive when the test says: half of it, then the live events, then
    // the rest, so the live events certainly arrive in the middle of the read.
    let feed: ReadableStreamDefaultController<Uint8Array> | undefined;
    const bytes = new TextEncoder().encode(text);
    const file = {
      size: bytes.length,
      stream: () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            feed = controller;
          },
        }),
    } as unknown as Blob;
    h.hub.handle(h.port, { type: "open-log", id: 1, file, name: "f.log" });
    const half = text.indexOf("\n") + 1;
    feed?.enqueue(bytes.subarray(0, half));
    h.release();
    for (let i = 0; i < 100 && h.hub.store.received < 1; i++) await settle();
    await settle();
    expect(h.hub.store.received).toBe(1); // the file's first event; the live ones are held
    // Progress while reading: the bytes read so far, of the file's size.
    expect(h.port.fileStates().at(-1)).toMatchObject({
      name: "f.log",
      phase: "reading",
      bytesRead: half,
      totalBytes: bytes.length,
      events: 1,
    });
    feed?.enqueue(bytes.subarray(half));
    feed?.close();
    for (let i = 0; i < 100 && !h.port.messages.some((m) => m.type === "open-log"); i++)
      await settle();
    await h.flush();
    // Paused at the file's end: the tab shows the file; the live events wait as "new".
    const u = h.port.last();
    expect(u.counts).toMatchObject({ paused: true, pendingNew: 3, received: 7 });
    expect(eventRows(u).map((r) => r.binary)).toEqual([
      "/bin/file0",
      "/bin/file1",
      "/bin/file2",
      "/bin/file3",
    ]);
    // Resume: the live events come after the file, never inside it.
    h.hub.handle(h.port, { type: "pause", paused: false });
    await h.flush();
    expect(eventRows(h.port.last()).map((r) => r.binary)).toEqual([
      "/bin/file0",
      "/bin/file1",
      "/bin/file2",
      "/bin/file3",
      "/bin/live0",
      "/bin/live1",
      "/bin/live2",
    ]);
    // The unknown field is tolerated and named in the one warning line.
    expect(h.port.fileStates().at(-1)?.summary).toBe(
      "read 4 events; tolerated unknown fields: process_exec.process.unknown_new_field (4)",
    );
    h.hub.stop();
  });

  it("a gzip file cut short ends as failed with a clear reason, keeping what was read", async () => {
    const text = [0, 1, 2].map(fileEvent).join("\n") + "\n";
    const gz = gzipSync(new TextEncoder().encode(text));
    const h = makeHub();
    const done = await h.open(new Blob([gz.subarray(0, gz.length - 12)]), "cut.log.gz");
    expect(done).toMatchObject({ type: "open-log" });
    const final = h.port.fileStates().at(-1);
    expect(final?.phase).toBe("failed");
    expect(final?.error).toMatch(/^gzip: .*cut short/);
    // What was read before the cut stays in the buffer.
    expect(h.hub.store.received).toBe(final?.events);
    h.hub.stop();
  });

  it("refuses a second file while one is read", () => {
    const h = makeHub();
    const big = new Blob([[0, 1].map(fileEvent).join("\n")]);
    h.hub.handle(h.port, { type: "open-log", id: 1, file: big, name: "a.log" });
    h.hub.handle(h.port, { type: "open-log", id: 2, file: big, name: "b.log" });
    const refused = h.port.messages.find((m) => m.type === "open-log" && m.id === 2);
    expect(refused).toMatchObject({ error: expect.stringMatching(/still being read/) as unknown });
    h.hub.stop();
  });
});
