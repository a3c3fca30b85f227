import { describe, expect, it } from "vitest";
import { EMPTY_FILTERS } from "../filters/filter-spec";
import type { ToPage, ToWorker, ViewUpdate } from "../protocol/protocol";
import { FakeClock } from "../testing/fake-clock";
import { ViewClient, type Endpoint, type OpenedWorker } from "./worker-client";

class FakeWorker implements Endpoint {
  readonly sent: ToWorker[] = [];
  onmessage: ((e: MessageEvent<ToPage>) => void) | null = null;
  closed = false;
  postMessage(message: ToWorker): void {
    this.sent.push(message);
  }
  deliver(message: ToPage): void {
    this.onmessage?.({ data: message } as MessageEvent<ToPage>);
  }
}

function update(n: number, over: Partial<ViewUpdate> = {}): ViewUpdate {
  return {
    update: n,
    version: 0,
    errorsVersion: 0,
    errors: {},
    kept: {},
    rowCount: 0,
    first: 0,
    rows: [],
    headShift: 0,
    counts: {
      received: n,
      shown: 0,
      evicted: 0,
      dropped: 0,
      eventsPerSec: 0,
      paused: false,
      pendingNew: 0,
      counting: false,
      capacity: 100,
      size: 0,
    },
    ...over,
  };
}

function setup() {
  const frames = new FakeClock();
  const worker = new FakeWorker();
  const open = (): OpenedWorker => ({
    endpoint: worker,
    close: () => {
      worker.closed = true;
    },
    mode: "shared",
  });
  const client = new ViewClient({
    baseUrl: "http://gw",
    capacity: 5000,
    bench: false,
    frames,
    open,
  });
  return { client, worker, frames };
}

describe("ViewClient", () => {
  it("says hello first, then what the tab asked for before it started", () => {
    const { client, worker } = setup();
    const version = client.setSpec({ filters: EMPTY_FILTERS, sort: null });
    client.setPaused(true);
    expect(worker.sent).toEqual([]);
    client.start();
    expect(worker.sent).toEqual([
      { type: "hello", baseUrl: "http://gw", capacity: 5000, bench: false },
      { type: "view", version, spec: { filters: EMPTY_FILTERS, sort: null } },
      { type: "pause", paused: true },
    ]);
    expect(client.specOf(version)).toEqual({ filters: EMPTY_FILTERS, sort: null });
  });

  it("shows each update and acks it only once a frame has been produced", () => {
    const { client, worker, frames } = setup();
    client.start();
    worker.deliver({ type: "update", update: update(1) });
    expect(client.view.getSnapshot().counts.received).toBe(1);
    expect(worker.sent.some((m) => m.type === "ack")).toBe(false);
    frames.flushFrames();
    expect(worker.sent.at(-1)).toEqual({ type: "ack", update: 1 });
  });

  it("gives the rows of the window the worker sent, and nothing outside it", () => {
    const { client, worker } = setup();
    client.start();
    const gap = {
      type: "gap",
      id: "g1",
      startMs: 0,
      endMs: 1,
      node: "",
      reason: "r",
      source: "browser",
    } as const;
    worker.deliver({ type: "update", update: update(1, { rowCount: 50, first: 10, rows: [gap] }) });
    const snap = client.view.getSnapshot();
    expect(snap.rowAt(10)).toEqual(gap);
    expect(snap.rowAt(9)).toBeUndefined();
    expect(snap.rowAt(11)).toBeUndefined();
  });

  it("answers requests with the worker's answers, matched by id", async () => {
    const { client, worker } = setup();
    client.start();
    const detail = client.detail("abc");
    const step = client.step("abc", 1);
    const exported = client.exportRows("csv", ["pod"]);
    const ids = worker.sent.flatMap((m) =>
      m.type === "detail" || m.type === "step" || m.type === "export" ? [m.id] : [],
    );
    expect(new Set(ids).size).toBe(3);
    const [d, s, e] = ids;
    worker.deliver({ type: "step", id: s!, found: { key: "k2", index: 7 } });
    worker.deliver({ type: "detail", id: d!, result: { found: false } });
    worker.deliver({ type: "export", id: e!, chunk: "a,", rows: 1, done: false });
    worker.deliver({ type: "export", id: e!, chunk: "b", rows: 1, done: true });
    expect(await detail).toEqual({ found: false });
    expect(await step).toEqual({ key: "k2", index: 7 });
    expect(await exported).toEqual(["a,", "b"]);
  });

  it("asks for a process tree and resolves with the worker's answer for that id", async () => {
    const { client, worker } = setup();
    client.start();
    const first = client.process({ event: "abc" });
    const second = client.process({ parentOf: "abc" });
    const asked = worker.sent.flatMap((m) => (m.type === "process" ? [m] : []));
    expect(asked.map((m) => m.target)).toEqual([{ event: "abc" }, { parentOf: "abc" }]);
    worker.deliver({ type: "process", id: asked[1]!.id, result: { found: false, reason: "b" } });
    worker.deliver({ type: "process", id: asked[0]!.id, result: { found: false, reason: "a" } });
    expect(await first).toEqual({ found: false, reason: "a" });
    expect(await second).toEqual({ found: false, reason: "b" });
  });

  it("mirrors the connection state and the agents' status; stop says bye and closes", () => {
    const { client, worker } = setup();
    client.start();
    worker.deliver({ type: "state", state: { phase: "live", sinceMs: 1 } });
    worker.deliver({ type: "status", status: { agents: [], error: "boom" } });
    expect(client.connection.getSnapshot()).toEqual({ phase: "live", sinceMs: 1 });
    expect(client.status.getSnapshot().error).toBe("boom");
    client.stop();
    expect(worker.sent.at(-1)).toEqual({ type: "bye" });
    expect(worker.closed).toBe(true);
    expect(client.connection.getSnapshot().phase).toBe("stopped");
  });

  it("Open log: posts the file, shows its state, and takes the pause the worker set", async () => {
    const { client, worker } = setup();
    client.start();
    const file = new Blob(["{}"]);
    const done = client.openLog(file, "a.log");
    const sent = worker.sent.at(-1);
    expect(sent).toMatchObject({ type: "open-log", name: "a.log" });
    expect(sent?.type === "open-log" && sent.file).toBe(file);
    const state = {
      name: "a.log",
      phase: "done",
      bytesRead: 2,
      totalBytes: 2,
      events: 1,
      summary: "",
      problems: [],
      problemCount: 0,
      error: "",
    } as const;
    worker.deliver({ type: "file", state });
    expect(client.fileSource.getSnapshot()).toBe(state);
    expect(client.paused).toBe(false);
    const id = sent?.type === "open-log" ? sent.id : -1;
    worker.deliver({ type: "open-log", id, paused: true, error: "" });
    expect(await done).toEqual({ error: "" });
    // The worker paused this tab at the file's end: the next toggle must resume.
    expect(client.paused).toBe(true);
    // A file that gave no event leaves the tab unpaused (the worker unpaused it for the read).
    const again = client.openLog(file, "empty.log");
    const second = worker.sent.at(-1);
    const id2 = second?.type === "open-log" ? second.id : -1;
    worker.deliver({ type: "open-log", id: id2, paused: false, error: "" });
    await again;
    expect(client.paused).toBe(false);
  });
});
