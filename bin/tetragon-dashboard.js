#!/usr/bin/env node
// The `tetragon-dashboard` command: same as `npm start -- ...` (builds what is missing, then
// runs the gateway with this process's arguments).
await import("../scripts/start.mjs");
