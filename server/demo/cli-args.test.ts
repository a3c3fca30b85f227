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
      "--replay",
      "x.log.gz",
    ]);
    expect(c).toMatchObject({
      rate: 10000,
      seed: 7,
      listenPort: 0,
      agentPort: 50051,
      replay: "x.log.gz",
    });
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
  ])("%j is a usage error", (argv, message) => {
    expect(() => parseDemoArgs(argv)).toThrow(UsageError);
    expect(() => parseDemoArgs(argv)).toThrow(message);
  });
});
