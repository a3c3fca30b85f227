/**
 * Seven tabs of one origin over HTTP/1.1, where a browser allows six connections per host:
 * seven tabs each holding their own GetEvents stream would starve the seventh. The ingest
 * SharedWorker holds ONE stream (and one status poll) for all tabs and fans rows out.
 */
import type { Page } from "@playwright/test";
import { Dashboard, expect, test } from "./fixtures.js";

const TABS = 7;

// Playwright's trace recording instruments network requests; with seven pages on one
// SharedWorker it made the worker's long-lived fetches fail ("Failed to fetch"), which never
// happens without it (same spec passes with tracing off, and by hand in plain Chromium).
test.use({ trace: "off" });

test("seven tabs all go live and keep receiving over one shared upstream stream", async ({
  page,
  stack,
}) => {
  // A hang guard: seven pages on a busy 2-core runner took 25-60 s.
  test.setTimeout(180_000);
  const pages: Page[] = [page];
  for (let i = 1; i < TABS; i++) pages.push(await page.context().newPage());
  for (const p of pages) await p.goto(stack.gateway.url);
  const boards = pages.map((p) => new Dashboard(p));
  for (const board of boards) {
    await expect(board.page.getByRole("status", { name: "Connection" })).toContainText("Live");
  }
  for (const board of boards) {
    const before = await board.counterValue("Received");
    await expect.poll(() => board.counterValue("Received")).toBeGreaterThan(before);
  }
  // One upstream GetEvents at the gateway for all seven tabs.
  expect(stack.gateway.upstreamStreamsOpen()).toBe(1);

  // Closing six tabs leaves the last one streaming, still over one stream.
  for (const p of pages.slice(1)) await p.close();
  const board = boards[0]!;
  const last = await board.counterValue("Received");
  await expect.poll(() => board.counterValue("Received")).toBeGreaterThan(last);
  expect(stack.gateway.upstreamStreamsOpen()).toBe(1);
});
