#!/usr/bin/env node
// `npm start` and the `tetragon-dashboard` bin: build whatever is missing (the app in dist/,
// the compiled gateway in dist-server/), then run the gateway in this process with our argv.
import "./require-node.mjs";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function ensure(file, script) {
  if (existsSync(path.join(root, file))) return;
  process.stderr.write(
    `tetragon-dashboard: ${file} is missing, running \`npm run ${script}\`...\n`,
  );
  // Build output goes to stderr so stdout stays the URL line only.
  const run = spawnSync("npm", ["run", "--silent", script], {
    cwd: root,
    stdio: ["ignore", process.stderr, process.stderr],
  });
  if (run.status !== 0) {
    process.stderr.write(
      `tetragon-dashboard: \`npm run ${script}\` failed (exit ${run.status ?? run.signal})\n`,
    );
    process.exit(1);
  }
}

ensure("dist-server/server/main.js", "build:server");
// --help and bad flags need no app build: main.js answers them at once.
const { parseCliArgs } = await import(
  pathToFileURL(path.join(root, "dist-server/server/cli-args.js")).href
);
if ("options" in parseCliArgs(process.argv.slice(2), process.env))
  ensure("dist/index.html", "build:app");
await import(pathToFileURL(path.join(root, "dist-server/server/main.js")).href);
