/**
 * Faults seen from the browser, against the real gateway in this process: agent restarts
 * (20 short outages), a gateway restart under an open page, an agent sending each kind of
 * malformed gRPC, and a page that stops taking updates (its main thread paused) — the gateway's
 * memory stays flat and the page loses nothing, since the ingest worker holds the events.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { toBinary } from "@bufbuild/protobuf";
import { GetEventsResponseSchema } from "../src/gen/tetragon/events_pb.js";
import { queueCapacity } from "../server/routes/get-events.js";
import { allFaults, startRawAgent } from "../server/testing/raw-h2-agent.js";
import { startFakeAgent } from "../server/testing/fake-agent.js";
import { execEvent } from "../server/testing/fixtures.js";
import type { Page } from "@playwright/test";
import { attachToSharedWorker, type WorkerSession } from "./cdp-targets.js";
import { expect, test, type Dashboard, gatewayFor, leaveAndClose } from "./fixtures.js";

const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * The per-agent lines, "" when the list is hidden (every agent connected). allInnerTexts
 * never waits: `count()` then `innerText()` raced the list disappearing, and innerText then
 * waited for it to come back until the test timed out.
 */
async function agentLines(dashboard: Dashboard): Promise<string> {
  const lists = await dashboard.page.getByRole("list", { name: "Agents" }).allInnerTexts();
  return lists.join("\n");
}

/** Milliseconds from `since` until `ready()` holds, checked every 10 ms (Node side only). */
async function timeUntil(ready: () => boolean, since: number, timeoutMs: number): Promise<number> {
  while (!ready()) {
    if (Date.now() - since > timeoutMs) return Number.POSITIVE_INFINITY;
    await pause(10);
  }
  return Date.now() - since;
}

/**
 * Arms a watch in the page: resolves with the page's clock (Date.now(), the same clock as
 * this process on one machine) when the Received counter next changes. Timing in the page
 * itself keeps Playwright's polling round trips out of the figure.
 */
async function armReceivedWatch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const counter = document.querySelector('[data-counter="Received"]');
    if (counter === null) throw new Error("no Received counter");
    const start = counter.textContent;
    (window as unknown as { receivedChanged: Promise<number> }).receivedChanged = new Promise(
      (resolve) => {
        const observer = new MutationObserver(() => {
          if (counter.textContent === start) return;
          observer.disconnect();
          resolve(Date.now());
        });
        observer.observe(counter, { characterData: true, childList: true, subtree: true });
      },
    );
  });
}

async function receivedChangedAt(page: Page): Promise<number> {
  return page.evaluate(
    () => (window as unknown as { receivedChanged: Promise<number> }).receivedChanged,
  );
}

test("20 agent restarts: live again within 2 s each time, gaps recorded, no stream leak", async ({
  page,
  stack,
  dashboard,
}) => {
  test.setTimeout(90_000);
  await page.goto(stack.gateway.url);
  // Past the page's start-up (the first seconds on a loaded runner are not steady state).
  await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(200);
  const cycles: { gatewayMs: number; pageMs: number }[] = [];
  for (let i = 0; i < 20; i++) {
    await stack.stopAgent();
    await pause(800);
    await armReceivedWatch(page);
    // Timed from before the agent starts listening: the strict reading of "its return".
    const returning = Date.now();
    await stack.startAgent();
    // The gateway's side: its upstream stream to the new agent is open again.
    const gatewayMs = await timeUntil(
      () => stack.gateway.upstreamStreamsOpen() === 1,
      returning,
      8_000,
    );
    // The page's side: the Received counter moved (new rows reached the table).
    const changedAt = await Promise.race([receivedChangedAt(page), pause(8_000).then(() => NaN)]);
    cycles.push({ gatewayMs, pageMs: changedAt - returning });
  }
  const described = cycles.map((c) => `${String(c.pageMs)} (gateway ${String(c.gatewayMs)})`);
  test.info().annotations.push({ type: "recovery ms", description: described.join(", ") });
  for (const [i, c] of cycles.entries()) {
    expect(
      c.pageMs,
      `cycle ${String(i + 1)}; all cycles: ${described.join(", ")}`,
    ).toBeLessThanOrEqual(2_000);
  }
  // The indicator: the page's stream stayed live, the agent is connected again.
  await expect(page.getByRole("status", { name: "Connection" })).toContainText("Live");
  // The agent list follows the status poll (every 2 s); allow a few polls on a loaded runner.
  await expect.poll(() => agentLines(dashboard), { timeout: 10_000 }).not.toMatch(/reconnecting/);
  // One upstream stream: the page's own; none leaked by the 20 reconnects.
  expect(stack.gateway.upstreamStreamsOpen()).toBe(1);
  // Gap rows carry a start and an end.
  await dashboard.filter("Search").fill("no event contains this text");
  const gaps = dashboard.grid.locator('[role="row"][data-gap]');
  await expect.poll(() => gaps.count()).toBeGreaterThan(0);
  for (const text of await gaps.allInnerTexts()) {
    expect(text).toMatch(/\d\d:\d\d:\d\d\.\d{3} → \d\d:\d\d:\d\d\.\d{3} \(\d+\.\d s\)/);
  }
});

test.describe("gateway restart", () => {
  // While the gateway is down Chromium logs the refused requests; that is the scenario.
  test.use({ allowedConsoleErrors: [/Failed to load resource/, /ERR_CONNECTION_REFUSED/] });

  test("the open page reconnects by itself and new rows appear", async ({
    page,
    stack,
    dashboard,
  }) => {
    await page.goto(stack.gateway.url);
    const status = page.getByRole("status", { name: "Connection" });
    await expect(status).toContainText("Live");
    await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(5);
    await stack.restartGateway();
    const before = await dashboard.counterValue("Received");
    await expect(status).toContainText("Live", { timeout: 20_000 });
    await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(before);
    // The outage is recorded as a gap row (alone on screen under a search nothing matches).
    await dashboard.filter("Search").fill("no event contains this text");
    await expect(dashboard.grid.locator('[role="row"][data-gap]').first()).toContainText("→");
  });
});

for (const fault of allFaults) {
  test(`an agent sending malformed gRPC (${fault}): the gateway survives, the page says why`, async ({
    page,
    dashboard,
  }) => {
    const raw = await startRawAgent({
      fault,
      before: [execEvent("malformed-node", "/usr/bin/before-the-fault")],
    });
    const gateway = await gatewayFor(raw.address);
    try {
      await page.goto(gateway.url);
      await expect(page.getByRole("status", { name: "Connection" })).toContainText("Live");
      // The indicator names the agent and the fault, not a blank or a crash.
      await expect
        .poll(() => agentLines(dashboard))
        .toMatch(/reconnecting.*: Tetragon at \S+ sent an invalid message/);
      // Valid events before the fault reach the table, except under unknown-compression: its
      // response headers already announce the encoding, so the stream is refused before any
      // frame (the gateway does not guess at bytes it cannot decode).
      if (fault !== "unknown-compression")
        await expect(dashboard.rows.first()).toContainText("before-the-fault");
      expect(raw.getEventsCalls()).toBeGreaterThan(0);
      // The gateway still answers.
      const res = await page.request.get(new URL("/api/status", gateway.url).href);
      expect(res.ok()).toBe(true);
    } finally {
      await leaveAndClose(page, gateway, raw);
    }
  });
}

function gc(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/** What the ingest worker reports about itself (src/ingest/hub.ts, IngestDiagnostics). */
interface IngestDiagnostics {
  events: number;
  tabs: { awaitingAck: boolean }[];
}

test("a page that stops taking updates (main thread paused) loses nothing: the worker holds every event", async ({
  page,
  browser,
  dashboard,
}) => {
  // A hang guard for a busy machine: every wait below is for a state, not for time.
  test.setTimeout(180_000);
  const agent = await startFakeAgent({ events: [execEvent("flood-node", "/bin/warm-up", 0)] });
  const gateway = await gatewayFor(agent.address);
  let sent = 1;
  // ~1 KiB per event, so a gateway that kept what it relays would show in its heap.
  const padding = "--verbose ".repeat(100);
  let floodBytes = 0;
  const push = (n: number): void => {
    for (let i = 0; i < n; i++) {
      const e = execEvent("flood-node", "/bin/flood", sent++);
      if (e.event.case === "processExec" && e.event.value.process !== undefined)
        e.event.value.process.arguments = padding;
      floodBytes += toBinary(GetEventsResponseSchema, e).length;
      agent.push(e);
    }
  };
  /** Set while the page is paused: a failing step must still resume it before teardown. */
  let resumePage: (() => Promise<unknown>) | undefined;
  let worker: WorkerSession | undefined;
  try {
    await page.goto(gateway.url);
    await expect.poll(() => dashboard.counterValue("Received")).toBe(1);
    const session = await attachToSharedWorker(browser, new URL(gateway.url).origin);
    worker = session;
    const diagnostics = () => session.evaluate<IngestDiagnostics>("__ingestDiagnostics()");
    const workerHas = async (events: number) =>
      expect
        .poll(async () => (await diagnostics()).events, {
          message: `the worker received all ${String(events)} events sent`,
        })
        .toBe(events);
    gc();
    const baseline = process.memoryUsage().heapUsed;
    // Stop the page: Debugger.pause holds its main thread at the next script it runs (the
    // handler of the next update). From then on it acks nothing. No Playwright page call
    // until Debugger.resume: each would wait for the paused thread.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Debugger.enable");
    const paused = new Promise((resolve) => cdp.once("Debugger.paused", resolve));
    resumePage = () => cdp.send("Debugger.resume");
    await cdp.send("Debugger.pause");
    push(1);
    await paused;
    await workerHas(sent);
    // The stopped page holds an update it has not acked: the worker sends it nothing more.
    await expect.poll(async () => (await diagnostics()).tabs).toEqual([{ awaitingAck: true }]);
    // The flood, in chunks the gateway's per-client queue holds whole (each waits until the
    // worker, which keeps reading while the page is stopped, has taken the last), so the
    // gateway never has to drop, however slow the machine.
    const flood = 10_000;
    const samples: number[] = [];
    for (let pushed = 0; pushed < flood; pushed += queueCapacity) {
      push(Math.min(queueCapacity, flood - pushed));
      await workerHas(sent);
      expect(gateway.queuedEvents()).toBeLessThanOrEqual(queueCapacity);
      gc();
      samples.push(process.memoryUsage().heapUsed - baseline);
    }
    resumePage = undefined;
    await cdp.send("Debugger.resume");
    await cdp.send("Debugger.disable");
    await cdp.detach();

    const mib = samples.map((b) => Math.round(b / 1024 / 1024));
    // Flat: had the gateway kept what it relayed, its heap (after forced GC) would have grown
    // by at least the flood's encoded size; half of that leaves ample room for GC noise.
    const floodMib = floodBytes / 1024 / 1024;
    expect(Math.max(...mib), `heap growth samples (MiB): ${mib.join(", ")}`).toBeLessThan(
      floodMib / 2,
    );
    // Nothing was lost anywhere: the gateway dropped nothing, the worker kept every event,
    // the page, once running again, is shown all of them with the newest at the bottom.
    expect(gateway.droppedEvents()).toBe(0);
    await expect.poll(() => dashboard.counterValue("Received")).toBe(sent);
    expect(await dashboard.counterValue("Dropped")).toBe(0);
    await expect.poll(() => dashboard.counterValue("Shown")).toBe(sent);
    await expect(dashboard.rows.last()).toContainText("/bin/flood");
    await expect
      .poll(async () => Number(await dashboard.rows.last().getAttribute("data-seq")))
      .toBe(sent);
    // No gap row: no event is missing.
    await dashboard.filter("Search").fill("no event contains this text");
    await expect(dashboard.grid.locator('[role="row"][data-gap]')).toHaveCount(0);
    test.info().annotations.push({
      type: "figures",
      description: `sent ${String(sent)} (${floodMib.toFixed(1)} MiB flood) to a stopped page, received ${String(sent)}, dropped 0; gateway heap growth (MiB) ${mib.join(", ")}`,
    });
  } finally {
    await resumePage?.();
    await worker?.detach();
    await leaveAndClose(page, gateway, agent);
  }
});
