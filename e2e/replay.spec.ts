/**
 * Replay for forensics: the 32 real Tetragon events of ../shared, replayed by the demo agent
 * (once, at max speed, with the file's own times) through the real gateway into Chromium.
 * Exactly 32 rows, the first event first, the original times in the Time column and in the
 * detail pane — and still so once the agent reports the whole file sent (a looping or
 * re-stamping replay would have added rows or changed the times by then).
 * Skips, saying why, when ../shared is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test as base } from "./fixtures.js";

const REAL = fileURLToPath(new URL("../../shared/tetragon-api/real-events.jsonl", import.meta.url));
const present = existsSync(REAL);
if (!present) console.warn(`replay.spec: skipped: ${REAL} not found (../shared is absent)`);

interface Line {
  time?: string;
  [kind: string]: unknown;
}
const lines: Line[] = present
  ? readFileSync(REAL, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as Line)
  : [];

/** What the Time column shows for an RFC 3339 UTC time in a UTC browser: HH:MM:SS.mmm. */
function clockOf(time: string | undefined): string {
  if (time === undefined) return "";
  const m = /T(\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(time);
  if (!m) throw new Error(`unexpected time format in the fixture: ${time}`);
  return `${m[1]}.${(m[2] ?? "").padEnd(3, "0").slice(0, 3)}`;
}

const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from the destructuring pattern; this one has none.
  agentOptions: async ({}, use) => {
    await use({ replay: REAL });
  },
});
// Tall enough that the virtualised table renders all 32 rows; UTC so the clock column is known.
test.use({ viewport: { width: 1280, height: 1400 }, timezoneId: "UTC" });

test.skip(!present, `../shared is absent (${REAL} not found)`);

test("the 32 real events play once, first event first, with their original times", async ({
  page,
  stack,
  dashboard,
}) => {
  expect(lines).toHaveLength(32);
  await page.goto(stack.gateway.url);
  await expect.poll(() => dashboard.counterValue("Received")).toBe(32);
  // The agent has sent the whole file and keeps the stream open: the replay is over.
  await expect.poll(() => stack.agent.replayPasses()).toBe(1);
  expect(stack.agent.openStreams()).toBe(1);
  await expect(page.getByRole("status", { name: "Connection" })).toContainText("Live");

  // Exactly the file: 32 rows in file order (row ids 1..32), the Time column as written.
  await expect(dashboard.rows).toHaveCount(32);
  const seqs = await dashboard.rows.evaluateAll((rows) =>
    rows.map((r) => Number(r.getAttribute("data-seq"))),
  );
  expect(seqs).toEqual(lines.map((_, i) => i + 1));
  expect(await dashboard.columnTexts(0)).toEqual(lines.map((l) => clockOf(l.time)));
  // Known events, spelled out: the first line (curl), a 2021 kprobe, a nanosecond time.
  const row = (seq: number) => dashboard.grid.locator(`[role="row"][data-seq="${seq}"]`);
  await expect(row(1)).toContainText("16:29:01.861");
  await expect(row(1)).toContainText("/usr/bin/curl");
  await expect(row(3)).toContainText("20:08:55.567");
  await expect(row(31)).toContainText("03:16:21.373");

  // The detail pane shows the agent's own RFC 3339 time, nanoseconds kept.
  await row(31).click();
  await expect(dashboard.details).toContainText("2022-10-18T03:16:21.373327754Z");
  await row(1).click();
  await expect(dashboard.details).toContainText("2022-01-19T16:29:01.861Z");

  // Still exactly the file after the pass: nothing added, nothing re-stamped.
  expect(stack.agent.replayPasses()).toBe(1);
  expect(await dashboard.counterValue("Received")).toBe(32);
  await expect(dashboard.rows).toHaveCount(32);
  expect(await dashboard.columnTexts(0)).toEqual(lines.map((l) => clockOf(l.time)));
});
