#!/usr/bin/env node
// `npm test`: every gate in order — typecheck, lint, format, unit tests, build, end-to-end.
// Each step runs even when an earlier one failed, so one run shows every problem; the exit
// code is non-zero when any step failed. The last line totals the unit and e2e test counts;
// the line before it names the tests that passed only on a retry (CI retries e2e once as a
// safety net; nothing may need it, so every use of it is shown).
import "./require-node.mjs";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

// Not test-results/: Playwright empties that folder when it starts.
const resultsDir = "reports";
rmSync(`${resultsDir}/vitest.json`, { force: true });
rmSync(`${resultsDir}/playwright.json`, { force: true });
mkdirSync(resultsDir, { recursive: true });

const steps = [
  ["typecheck", "npm", ["run", "--silent", "typecheck"]],
  ["lint", "npm", ["run", "--silent", "lint"]],
  ["format", "npm", ["run", "--silent", "format:check"]],
  [
    "unit",
    "npx",
    [
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile=${resultsDir}/vitest.json`,
    ],
  ],
  ["build", "npm", ["run", "--silent", "build"]],
  // Seconds-long run of the benchmark harness: proves it still yields every figure (no timing
  // is asserted; real figures come from `npm run bench -- --quick`, see docs/PERFORMANCE.md).
  ["bench-smoke", "npm", ["run", "--silent", "bench", "--", "--smoke"]],
  [
    "e2e",
    "npx",
    ["playwright", "test", "--reporter=list,json"],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: `${resultsDir}/playwright.json` },
  ],
];

const outcomes = [];
for (const [name, cmd, args, env] of steps) {
  console.log(`\n━━ ${name}: ${cmd} ${args.join(" ")}`);
  const started = Date.now();
  const run = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = run.status === 0;
  outcomes.push({ name, ok, seconds: (Date.now() - started) / 1000 });
  console.log(`━━ ${name}: ${ok ? "ok" : `FAILED (exit ${run.status ?? run.signal})`}`);
}

const counts = { passed: 0, failed: 0, skipped: 0 };
function addVitest(path) {
  if (!existsSync(path)) return;
  const r = JSON.parse(readFileSync(path, "utf8"));
  counts.passed += r.numPassedTests;
  counts.failed += r.numFailedTests;
  counts.skipped += r.numPendingTests + r.numTodoTests;
}
function addPlaywright(path) {
  if (!existsSync(path)) return;
  const s = JSON.parse(readFileSync(path, "utf8")).stats;
  counts.passed += s.expected + s.flaky;
  counts.failed += s.unexpected;
  counts.skipped += s.skipped;
}
/**
 * Playwright's "flaky": failed, then passed on a retry. Named as "file › describe › title".
 * Vitest runs without retries (vite.config.ts sets none), so a flaky unit test fails outright
 * and is counted in "failed" instead.
 */
function retriedPlaywright(path) {
  if (!existsSync(path)) return [];
  const names = [];
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === "flaky") names.push([...titles, spec.title].join(" › "));
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const suite of JSON.parse(readFileSync(path, "utf8")).suites ?? [])
    walk(suite, [suite.title]);
  return names;
}
addVitest(`${resultsDir}/vitest.json`);
addPlaywright(`${resultsDir}/playwright.json`);
const retried = retriedPlaywright(`${resultsDir}/playwright.json`);

console.log("\nSummary");
for (const o of outcomes)
  console.log(`  ${o.ok ? "ok    " : "FAILED"} ${o.name} (${o.seconds.toFixed(1)} s)`);
const failedSteps = outcomes.filter((o) => !o.ok).length;
// A failed gate without test counts (typecheck, lint...) still counts as a failure.
const failed = counts.failed + (failedSteps > 0 && counts.failed === 0 ? failedSteps : 0);
console.log(
  `needed a retry: ${retried.length}${retried.length === 0 ? "" : ` (${retried.join("; ")})`}`,
);
console.log(`tests: ${counts.passed} passed, ${failed} failed, ${counts.skipped} skipped`);
process.exit(failedSteps > 0 ? 1 : 0);
