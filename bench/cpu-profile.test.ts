import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { moduleOf, summariseProfile } from "./cpu-profile.js";

const dir = mkdtempSync(join(tmpdir(), "cpu-profile-test-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const frame = (functionName: string, url: string, lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
});

describe("summariseProfile", () => {
  it("adds each sample's time to its function and module, per relayed event", () => {
    const nodes = [
      { id: 1, callFrame: frame("(root)", "") },
      { id: 2, callFrame: frame("(idle)", "") },
      {
        id: 3,
        callFrame: frame(
          "head",
          "file:///x/node_modules/@connectrpc/connect/dist/esm/protocol/envelope.js",
          65,
        ),
      },
      {
        id: 4,
        callFrame: frame("pump", "file:///w/bench/bench/.build/server/routes/get-events.js", 115),
      },
      { id: 5, callFrame: frame("(garbage collector)", "") },
    ];
    // Sample i lasts timeDeltas[i + 1] µs: head 300 + 100, pump 200, GC 400, idle 1,000.
    const samples = [3, 4, 2, 5, 3, 1];
    const timeDeltas = [0, 300, 200, 1000, 400, 100, 0];
    const file = join(dir, "a.cpuprofile");
    writeFileSync(file, JSON.stringify({ nodes, samples, timeDeltas }));

    const s = summariseProfile(file, 10);

    expect(s.activeMs).toBe(1); // 1,000 µs of work, the idle sample excluded
    expect(s.activeUsPerEvent).toBe(100);
    expect(s.byModule).toEqual([
      { name: "@connectrpc/connect", selfMs: 0.4, usPerEvent: 40, percent: 40 },
      { name: "(garbage collector)", selfMs: 0.4, usPerEvent: 40, percent: 40 },
      { name: "server/routes/get-events.js", selfMs: 0.2, usPerEvent: 20, percent: 20 },
    ]);
    expect(s.topFunctions[0]?.name).toBe("head @connectrpc/connect:66");
  });

  it("names modules by package, our source file or node internals", () => {
    expect(moduleOf("file:///r/node_modules/fflate/esm/index.mjs", "f")).toBe("fflate");
    expect(moduleOf("node:internal/streams/writable", "w")).toBe("node:internal/streams");
    expect(moduleOf("file:///work/wt/server/x/dist-server/server/gateway.js", "g")).toBe(
      "server/gateway.js",
    );
    expect(moduleOf("", "(program)")).toBe("(program)");
    expect(moduleOf("", "writev")).toBe("(native)");
  });
});
