import { defineConfig } from "@playwright/test";
import { chromiumArgs, chromiumExecutablePath } from "./e2e/chromium.js";

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
  // A bound for a hung wait, not a speed requirement: specs wait for states (expect.poll,
  // web-first assertions), and a busy 2-core runner can take seconds for one.
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: { executablePath: chromiumExecutablePath, args: [...chromiumArgs] },
  },
  globalSetup: "./e2e/global-setup.ts",
});
