/**
 * Faults seen from the browser, against the real gateway in this process: agent restarts
 * (20 short outages), a gateway restart under an open page, an agent sending each kind of
 * malformed gRPC, and a page that stops taking updates (its main thread paused in the
 * debugger) — the gateway's memory stays flat and the page loses nothing, since the ingest
 * worker holds the events.
 *
 * No clock decides an outcome here: each step waits for the state it needs (the gateway's
 * re-dial count, the worker's decoded-event count, rows from a given agent generation). How
 * fast the page recovers is a figure of `npm run soak` (agent-restarts: reconnect p50/max).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { toBinary } from "@bufbuild/protobuf";
import { GetEventsResponseSchema } from "../src/gen/tetragon/events_pb.js";
import { AgentState } from "../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { queueCapacity } from "../server/routes/get-events.js";
import { allFaults, startRawAgent } from "../server/testing/raw-h2-agent.js";
import { startFakeAgent } from "../server/testing/fake-agent.js";
import { execEvent, statusClient } from "../server/testing/fixtures.js";
import { attachToSharedWorker, type WorkerSession } from "./cdp-targets.js";
import { expect, test, type Dashboard, gatewayFor, leaveAndClose } from "./fixtures.js";

/**
 * The per-agent lines, "" when the list is hidden (every agent connected). allInnerTexts
 * never waits: `count()` then `innerText()` raced the list disappearing, and innerText then
 * waited for it to come back until the test timed out.
 */
async function agentLines(dashboard: Dashboard): Promise<string> {
  const lists = await dashboard.page.getByRole("list", { name: "Agents" }).allInnerTexts();
  return lists.join("\n");
}

/** The node name of restart generation `i`: gen-01-node never matches inside gen-10-node. */
const nodeOf = (i: number): string => `gen-${String(i).padStart(2, "0")}-node`;

test("20 agent restarts: the page recovers after each, every outage is a gap row, no stream leak", async ({
  page,
  dashboard,
}) => {
  // A hang guard: 20 cycles took 28-43 s on a quiet to very busy 2-core machine.
  test.setTimeout(180_000);
  const restarts = 20;
  let generation = 0;
  const agent = await startFakeAgent({
    paced: { perSecond: 50, make: (seq) => execEvent(nodeOf(generation), "/bin/tick", seq) },
  });
  const gateway = await gatewayFor(agent.address);
  const status = statusClient(gateway.url);
  const agentStatus = async () => (await status.getStatus({})).agents[0];
  try {
    await page.goto(gateway.url);
    // Rows of one generation, found with the Search filter: then they are on screen whether
    // or not the table still follows the newest row (a busy page may stop following).
    const search = dashboard.filter("Search");
    const rowsOf = async (i: number) => {
      await search.fill(nodeOf(i));
      return dashboard.rows.filter({ hasText: nodeOf(i) }).first();
    };
    await expect(await rowsOf(0)).toBeVisible();
    for (let i = 1; i <= restarts; i++) {
      await agent.kill();
      // Each outage outlasts 1 or 2 failed re-dials, as a restarting pod would: wait for
      // the gateway's own count of them (attempt 1 is the loss itself), not for a clock.
      const attempts = 2 + (i % 2);
      await expect
        .poll(async () => (await agentStatus())?.attempt ?? 0, {
          message: `restart ${String(i)}: ${String(attempts - 1)} failed re-dials`,
        })
        .toBeGreaterThanOrEqual(attempts);
      expect((await agentStatus())?.state).toBe(AgentState.RECONNECTING);
      generation = i;
      await agent.restart();
      // Recovered: rows from the restarted agent reach the table.
      await expect(await rowsOf(i)).toBeVisible();
    }
    // The indicator: the page's stream stayed live, the agent is connected again.
    await expect(page.getByRole("status", { name: "Connection" })).toContainText("Live");
    await expect.poll(() => agentLines(dashboard)).not.toMatch(/reconnecting/);
    // One upstream stream on one connection: none leaked by the 20 reconnects.
    expect(gateway.upstreamStreamsOpen()).toBe(1);
    expect(agent.openStreams()).toBe(1);
    expect(agent.sessions()).toBe(1);
    // Every outage is one gap row with a start and an end (the gap rows are alone on screen
    // under a search nothing matches; they arrive with the page's status poll).
    expect((await agentStatus())?.gaps).toHaveLength(restarts);
    await search.fill("no event contains this text");
    // All 20 on screen at once (only rows in view are drawn): a screen tall enough for them.
    await page.setViewportSize({ width: 1280, height: 1200 });
    const gaps = dashboard.grid.locator('[role="row"][data-gap]');
    await expect(gaps).toHaveCount(restarts);
    for (const text of await gaps.allInnerTexts()) {
      expect(text).toMatch(/\d\d:\d\d:\d\d\.\d{3} → \d\d:\d\d:\d\d\.\d{3} \(\d+\.\d s\)/);
      expect(text).toContain("Lost the connection to Tetragon");
    }
  } finally {
    await leaveAndClose(page, gateway, agent);
  }
});

test.describe("gateway restart", () => {
  // While the gateway is down Chromium logs the refused requests; that is the scenario.
  test.use({
    allowedConsoleErrors: { patterns: [/Failed to load resource/, /ERR_CONNECTION_REFUSED/] },
  });

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
    // Back: the page records its own outage as a gap row once its stream is open again (alone
    // on screen under a search nothing matches)…
    await dashboard.filter("Search").fill("no event contains this text");
    // A bound for a hung page, not a speed requirement: the browser's backoff (0.5 s, doubling)
    // may take a few steps while the new gateway starts.
    await expect(dashboard.grid.locator('[role="row"][data-gap]').first()).toContainText("→", {
      timeout: 20_000,
    });
    await expect(status).toContainText("Live");
    // …and rows keep coming from the new gateway process.
    await dashboard.filter("Search").fill("");
    const before = await dashboard.counterValue("Received");
    await expect.poll(() => dashboard.counterValue("Received")).toBeGreaterThan(before);
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
      // The page's stream to the gateway is up; the agent streams between faults, so the
      // indicator is "Live" or, while the agent is down, "Gateway up, no agent streaming".
      await expect(page.getByRole("status", { name: "Connection" })).toContainText(
        /Live|Gateway up, no agent streaming/,
      );
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
