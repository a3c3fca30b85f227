/**
 * The strict Content-Security-Policy the gateway sends holds for the whole UI: a walkthrough
 * of every control (filters, columns, theme, selection, details, copy, pause, clear, export)
 * in Chromium against the real gateway raises no `securitypolicyviolation` event and no CSP
 * console message. And the document and the assets carry the security headers.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures.js";

// A light stream: this spec is about the policy, not throughput.
test.use({ agentOptions: { rate: 20 } });

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

test("a full walkthrough raises no CSP violation", async ({ page, context, stack, dashboard }) => {
  const cspConsole: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspConsole.push(m.text());
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations?.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const response = await page.goto(stack.gateway.url);
  expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
  await expect(page.getByRole("status", { name: "Connection" })).toContainText("Live");
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(5);

  for (const name of ["Namespace", "Binary", "Event type", "Search"] as const) {
    await dashboard.filter(name).fill("x");
  }
  await dashboard.filter("Pod").fill("(");
  await expect(dashboard.filter("Pod")).toHaveAttribute("aria-invalid", "true");
  // The filter bar's button (the empty table offers one too while nothing matches).
  await page
    .getByRole("search", { name: "Filters" })
    .getByRole("button", { name: "Clear filters" })
    .click();
  await expect(dashboard.filter("Search")).toHaveValue("");

  await page.getByRole("button", { name: "Columns", exact: true }).click();
  await page.getByRole("checkbox", { name: "PID" }).check();
  await page.getByRole("checkbox", { name: "PID" }).uncheck();
  await page.getByRole("button", { name: "Columns", exact: true }).click();

  await page.getByLabel("Theme").selectOption("dark");
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.getByLabel("Theme").selectOption("light");

  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await dashboard.rows.last().click();
  await expect(dashboard.details).toBeVisible();
  await dashboard.details.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(dashboard.details.getByText("Copied", { exact: true })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Resume", exact: true }).click();

  for (const format of ["JSONL (raw events)", "CSV (visible columns)"]) {
    await page.getByRole("button", { name: "Export", exact: true }).click();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: format }).click();
    expect(readFileSync(await (await download).path(), "utf8").length).toBeGreaterThan(0);
  }

  await page.getByRole("button", { name: "Clear", exact: true }).click();
  await page.getByLabel("Buffer").selectOption({ index: 0 });
  // New events after Clear: the page is still streaming under the policy.
  await expect.poll(() => dashboard.rows.count()).toBeGreaterThan(0);

  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(cspConsole).toEqual([]);
});

test("the document and its assets carry the security headers", async ({ request, stack }) => {
  const doc = await request.get(stack.gateway.url);
  expect(doc.ok()).toBe(true);
  const asset = /(?:src|href)="(\/assets\/[^"]+\.js)"/.exec(await doc.text())?.[1];
  expect(asset, "index.html references a script under /assets/").toBeDefined();
  const assetRes = await request.get(new URL(asset ?? "", stack.gateway.url).href);
  expect(assetRes.ok()).toBe(true);
  for (const res of [doc, assetRes]) {
    const h = res.headers();
    const csp = h["content-security-policy"] ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("no-referrer");
  }
});
