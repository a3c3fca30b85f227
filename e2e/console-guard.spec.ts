/**
 * The console guard every spec runs under (e2e/fixtures.ts): a spec may allow several
 * console.error patterns, and any other console.error still fails the test. It once threw
 * `allowedConsoleErrors.some is not a function` (Playwright had read the pattern list as
 * `[value, options]`), but only on the runs where the page logged an error at all.
 */
import { type Page, test as plain } from "@playwright/test";
import { expect, isAllowedConsoleError, test } from "./fixtures.js";

type UseFixtures = Parameters<typeof test.use>[0];

/** Checked by `npm run typecheck` (tsc covers e2e/): what `test.use` accepts for the list. */
export const allowedListShapes: UseFixtures[] = [
  { allowedConsoleErrors: { patterns: [/a/, /b/] } },
  // @ts-expect-error -- the bare array Playwright would read as [value, options] must not compile.
  { allowedConsoleErrors: [/a/, /b/] },
];

plain("the matcher: either of two patterns allows a text, nothing else does", () => {
  const allowed = { patterns: [/Failed to load resource/, /ERR_CONNECTION_REFUSED/] };
  expect(isAllowedConsoleError("Failed to load resource: the server responded 503", allowed)).toBe(
    true,
  );
  expect(isAllowedConsoleError("GET http://x/ net::ERR_CONNECTION_REFUSED", allowed)).toBe(true);
  expect(isAllowedConsoleError("TypeError: rows is undefined", allowed)).toBe(false);
  expect(isAllowedConsoleError("Failed to load resource", { patterns: [] })).toBe(false);
});

test.describe("a spec that allows two console.error patterns", () => {
  test.use({ allowedConsoleErrors: { patterns: [/first allowed/, /second allowed/] } });

  /** Logs `text` with console.error and waits until the guard's listener has seen it. */
  async function logError(page: Page, text: string): Promise<void> {
    const seen = page.waitForEvent("console", (m) => m.text() === text);
    await page.evaluate((t) => {
      console.error(t);
    }, text);
    await seen;
  }

  test("passes when the page logs only errors those patterns allow", async ({ page }) => {
    await logError(page, "first allowed: refused");
    await logError(page, "second allowed: refused");
  });

  test("still fails on any other console.error (expected failure: the guard's)", async ({
    page,
  }) => {
    // The body cannot fail (about:blank, two console calls): the failure test.fail expects
    // comes from the guard's check after the body, naming the unexpected error.
    test.fail();
    await logError(page, "first allowed: refused");
    await logError(page, "something unexpected");
  });
});
