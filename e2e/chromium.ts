/**
 * How this project launches Chromium, for the e2e suite (playwright.config.ts) and the
 * benchmark (bench/run.ts) alike: Debian's build, since Playwright's own browser download
 * cannot work on a closed network. Set CHROMIUM_PATH to use another build.
 */
export const chromiumExecutablePath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

export const chromiumArgs: readonly string[] = [
  // Root in a container: Chromium's sandbox needs user namespaces we do not have.
  "--no-sandbox",
  "--disable-gpu",
  // The network is closed: stop Chromium phoning home (each attempt fails loudly).
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];
