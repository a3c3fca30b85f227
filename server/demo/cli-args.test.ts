import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parseDemoArgs, UsageError } from "./cli-args.js";

describe("demo flags", () => {
  test("defaults", () => {
    const c = parseDemoArgs([]);
    expect(c).toMatchObject({
      rate: 20,
      seed: undefined,
      agents: 1,
      agentPort: 0,
      listenHost: "127.0.0.1",
      listenPort: 8080,
      help: false,
    });
    expect(c.nodes).toEqual(["kind-control-plane", "kind-worker", "kind-worker2"]);
  });
  test("values with a space or =", () => {
    const c = parseDemoArgs([
      "--rate",
      "10000",
      "--seed=7",
      "--listen",
      "127.0.0.1:0",
      "--agent-port=50051",
    ]);
    expect(c).toMatchObject({ rate: 10000, seed: 7, listenPort: 0, agentPort: 50051 });
    expect(c.replay).toBeUndefined();
  });
  test("--replay plays once at max speed with the file's times by default", () => {
    expect(parseDemoArgs(["--replay", "x.log.gz"]).replay).toEqual({
      path: "x.log.gz",
      loop: false,
      speed: undefined,
      rate: undefined,
      retime: false,
    });
  });
  test("--replay with --loop, --speed, --retime, or a fixed --rate", () => {
    expect(parseDemoArgs(["--replay=a.log", "--loop", "--speed", "10", "--retime"]).replay).toEqual(
      {
        path: "a.log",
        loop: true,
        speed: 10,
        rate: undefined,
        retime: true,
      },
    );
    expect(parseDemoArgs(["--replay", "a.log", "--speed=max"]).replay?.speed).toBe("max");
    expect(parseDemoArgs(["--replay", "a.log", "--speed", "0.5"]).replay?.speed).toBe(0.5);
    expect(parseDemoArgs(["--replay", "a.log", "--rate", "4"]).replay?.rate).toBe(4);
  });
  test("--nodes as a count or names; --agents N defaults to N nodes", () => {
    expect(parseDemoArgs(["--nodes", "4"]).nodes).toEqual([
      "kind-control-plane",
      "kind-worker",
      "kind-worker2",
      "kind-worker3",
    ]);
    expect(parseDemoArgs(["--nodes", "a,b"]).nodes).toEqual(["a", "b"]);
    expect(parseDemoArgs(["--agents", "2"]).nodes).toEqual(["kind-control-plane", "kind-worker"]);
  });
  test("--listen with an IPv6 host", () => {
    expect(parseDemoArgs(["--listen", "[::1]:9000"])).toMatchObject({
      listenHost: "::1",
      listenPort: 9000,
    });
  });
  test("--help", () => {
    expect(parseDemoArgs(["--help"]).help).toBe(true);
  });
  test.each([
    [["--bogus"], /unknown option/],
    [["--rate"], /needs a value/],
    [["--rate", "--seed", "1"], /needs a value/],
    [["--rate", "0"], /--rate/],
    [["--rate", "fast"], /--rate/],
    [["--seed", "-1"], /--seed/],
    [["--agents", "0"], /--agents/],
    [["--listen", "8080"], /HOST:PORT/],
    [["--listen", "127.0.0.1:70000"], /between/],
    [["--nodes", "Bad_Name"], /node name/],
    [["--loop"], /^--loop only applies to --replay FILE$/],
    [["--speed", "10"], /^--speed only applies to --replay FILE$/],
    [["--retime", "--rate", "5"], /^--retime only applies to --replay FILE$/],
    [["--replay", "a", "--speed", "fast"], /^--speed expects a factor above 0/],
    [["--replay", "a", "--speed", "0"], /^--speed expects/],
    [["--replay", "a", "--speed", "1", "--rate", "5"], /^--speed and --rate both set the pace/],
    [["--replay", "a", "--seed", "1"], /^--seed picks generated events/],
    [["--replay", "a", "--nodes", "2"], /^--nodes names simulated nodes/],
    [["--replay", "a", "--agents", "2"], /^--agents runs several simulated agents/],
    [["--replay", "a", "--loop=yes"], /^--loop takes no value$/],
  ])("%j is a usage error", (argv, message) => {
    expect(() => parseDemoArgs(argv)).toThrow(UsageError);
    expect(() => parseDemoArgs(argv)).toThrow(message);
  });
});

describe("the real demo process (server/demo/main.ts, run without a build)", () => {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const run = (args: string[]) =>
    spawnSync(
      process.execPath,
      [
        "--experimental-transform-types",
        "--no-warnings",
        "--import",
        "./server/testing/ts-resolve.mjs",
        "server/demo/main.ts",
        ...args,
      ],
      { cwd: root, encoding: "utf8" },
    );

  test.each([
    [["--loop"], "demo: --loop only applies to --replay FILE (see --help)"],
    [
      ["--replay", "x.log", "--speed", "1", "--rate", "5"],
      "demo: --speed and --rate both set the pace of a replay: give one (see --help)",
    ],
  ])(
    "%j: one line on stderr, exit 2",
    (argv, line) => {
      const r = run(argv);
      expect(r.stderr).toBe(`${line}\n`);
      expect(r.stdout).toBe("");
      expect(r.status).toBe(2);
    },
    60_000,
  );

  test("a replay file that does not exist: one clear line, exit 1", () => {
    const r = run(["--replay", "/nonexistent/tetragon.log", "--listen", "127.0.0.1:0"]);
    expect(r.stderr).toMatch(
      /^demo: replay: cannot read \/nonexistent\/tetragon\.log: ENOENT[^\n]*\n$/,
    );
    expect(r.status).toBe(1);
  }, 60_000);
});
