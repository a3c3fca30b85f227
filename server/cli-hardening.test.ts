import { describe, expect, it } from "vitest";
import { helpText, parseCliArgs } from "./cli-args.js";

function parse(argv: string[]) {
  const r = parseCliArgs(argv);
  if (!("options" in r)) throw new Error(`expected options, got ${JSON.stringify(r)}`);
  return r.options;
}

describe("limits, timeouts and exposure flags", () => {
  it("are absent unless given (startGateway's defaults apply)", () => {
    const o = parse([]);
    expect(o.limits).toBeUndefined();
    expect(o.timeouts).toBeUndefined();
    expect(o.peerGateways).toBeUndefined();
    expect(o.sourceMaps).toBeUndefined();
  });

  it("parse into startGateway's options", () => {
    const o = parse([
      "--peer-gateway",
      "https://Dash-B.example:8443/",
      "--peer-gateway=http://127.0.0.1:9000",
      "--source-maps",
      "--max-streams",
      "500",
      "--max-streams-per-address=8",
      "--max-connections-per-address",
      "32",
      "--queue-memory",
      "64",
      "--first-byte-timeout",
      "2.5",
      "--headers-timeout",
      "10",
      "--request-timeout",
      "30",
      "--keep-alive-timeout",
      "1",
      "--h2-idle-timeout",
      "90",
    ]);
    expect(o.peerGateways).toEqual(["https://dash-b.example:8443", "http://127.0.0.1:9000"]);
    expect(o.sourceMaps).toBe(true);
    expect(o.limits).toEqual({
      maxStreams: 500,
      maxStreamsPerAddress: 8,
      maxConnectionsPerAddress: 32,
      queueBudgetBytes: 64 * 1024 * 1024,
    });
    expect(o.timeouts).toEqual({
      firstByteMs: 2500,
      headersMs: 10_000,
      requestMs: 30_000,
      keepAliveMs: 1000,
      h2IdleMs: 90_000,
    });
  });

  it.each([
    [["--peer-gateway", "https://*.example"], "must be an exact http:// or https:// origin"],
    [["--peer-gateway", "https://b.example/app"], "no path, no wildcard"],
    [["--peer-gateway", "ftp://b.example"], "must be an exact http:// or https:// origin"],
    [["--source-maps=yes"], "--source-maps takes no value. Try --help."],
    [["--max-streams", "0"], '--max-streams "0" must be a positive whole number.'],
    [["--max-streams-per-address", "2.5"], "must be a positive whole number"],
    [["--queue-memory", "lots"], '--queue-memory "lots" must be a positive number.'],
    [["--headers-timeout", "-1"], "must be a positive number"],
    [["--headers-timeout", "90"], "--headers-timeout must not be longer than --request-timeout."],
    [["--max-streams", "1", "--max-streams", "2"], "--max-streams given 2 times"],
  ])("rejects %j with a one-line message", (argv, message) => {
    const r = parseCliArgs(argv);
    expect("error" in r && r.error).toContain(message);
  });

  it("shows each default in --help", () => {
    const text = helpText();
    expect(text).toContain("  --source-maps\n");
    expect(text).toContain("default 64");
    expect(text).toContain("default 256");
    expect(text).toContain("default 120");
  });
});
