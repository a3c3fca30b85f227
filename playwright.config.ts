import { defineConfig } from "@playwright/test";

// Playwright drives Debian's Chromium: its own browser download cannot work on a closed
// network. Set CHROMIUM_PATH to use another build.
const executablePath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const isCI = Boolean(process.env["CI"]);

export default defineConfig({
  testDir: "e2e",
  // The screenshot spec rewrites docs/screenshots/: only on request (SCREENSHOTS=1).
  testIgnore: process.env["SCREENSHOTS"] === "1" ? [] : ["**/screenshots.spec.ts"],
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  workers: 1,
  // Each test starts its own agent + gateway + page; on a loaded 2-CPU runner that alone takes seconds.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: [
        // Root in a container: Chromium's sandbox needs user namespaces we do not have.
        "--no-sandbox",
        "--disable-gpu",
        // The network is closed: stop Chromium phoning home (each attempt fails loudly).
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  globalSetup: "./e2e/global-setup.ts",
});
