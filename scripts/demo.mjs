#!/usr/bin/env node
// `npm run demo`: builds the app and server when the build is missing or older than the
// sources, then runs the demo (simulated Tetragon agent + dashboard) with the given flags.
import "./require-node.mjs";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const outputs = ["dist/index.html", "dist-server/server/demo/main.js"];
const sources = [
  "src",
  "server",
  "index.html",
  "vite.config.ts",
  "package.json",
  "tsconfig.base.json",
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const args = process.argv.slice(2);
const built = outputs.every((p) => existsSync(p));
const oldestOutput = built ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
const newestSource = Math.max(...sources.map(newestMtime));
if (!built || newestSource > oldestOutput) {
  console.error(
    built
      ? "demo: sources changed since the last build; running npm run build…"
      : "demo: no build yet; running npm run build…",
  );
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (build.status !== 0) {
    console.error("demo: the build failed; fix the errors above and run npm run demo again.");
    process.exit(build.status ?? 1);
  }
}

const child = spawn(process.execPath, [outputs[1], ...args], { stdio: "inherit" });
// Ctrl-C reaches the child directly (same process group); wait for it to shut down.
const ignore = () => {};
process.on("SIGINT", ignore);
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
