import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { flags, helpText, parseCliArgs } from "./cli-args.js";

function options(argv: string[], env: Record<string, string> = {}) {
  const r = parseCliArgs(argv, env);
  if (!("options" in r)) throw new Error(`expected options, got ${JSON.stringify(r)}`);
  return r.options;
}
function error(argv: string[], env: Record<string, string> = {}): string {
  const r = parseCliArgs(argv, env);
  if (!("error" in r)) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r.error;
}

describe("parseCliArgs", () => {
  it("defaults to localhost:54321 and 127.0.0.1:8080", () => {
    expect(options([])).toEqual({
      agents: ["localhost:54321"],
      host: "127.0.0.1",
      port: 8080,
      allowedHosts: [],
      allowedOrigins: [],
    });
  });

  it("takes repeated and comma-separated --tetragon, unix sockets and --flag=value", () => {
    const o = options([
      "--tetragon",
      "a:1,b:2",
      "--tetragon=unix:///var/run/tetragon/tetragon.sock",
    ]);
    expect(o.agents).toEqual(["a:1", "b:2", "unix:///var/run/tetragon/tetragon.sock"]);
  });

  it("reads TETRAGON_ADDR and LISTEN, flags winning over env", () => {
    const env = { TETRAGON_ADDR: "n1:54321,n2:54321", LISTEN: "[::1]:9000" };
    expect(options([], env)).toMatchObject({
      agents: ["n1:54321", "n2:54321"],
      host: "::1",
      port: 9000,
    });
    expect(options(["--tetragon", "x:1", "--listen", "127.0.0.1:0"], env)).toMatchObject({
      agents: ["x:1"],
      port: 0,
    });
  });

  it("collects TLS, allowed hosts and normalised allowed origins", () => {
    const o = options([
      "--tls-ca",
      "ca.pem",
      "--tls-cert",
      "c.pem",
      "--tls-key",
      "k.pem",
      "--tls-server-name",
      "x.tetragon-grpc.cilium.io",
      "--allowed-host",
      "Dash.Example",
      "--allowed-origin",
      "http://localhost:5173/",
    ]);
    expect(o.tls).toEqual({
      caFile: "ca.pem",
      certFile: "c.pem",
      keyFile: "k.pem",
      serverName: "x.tetragon-grpc.cilium.io",
    });
    expect(o.allowedHosts).toEqual(["dash.example"]);
    expect(o.allowedOrigins).toEqual(["http://localhost:5173"]);
  });

  it.each([
    [["--bogus"], "unknown flag --bogus. Try --help."],
    [["stray"], 'unexpected argument "stray". Try --help.'],
    [["--listen"], "--listen needs a value (HOST:PORT). Try --help."],
    [["--listen", "8080"], '--listen "8080": expected host:port'],
    [["--listen", "h:70000"], '--listen "h:70000": port must be a number 0-65535'],
    [
      ["--tetragon", "unix://relative.sock"],
      '--tetragon "unix://relative.sock": a unix socket address needs an absolute path',
    ],
    [["--tetragon", "nohost"], '--tetragon "nohost": expected host:port'],
    [["--tetragon", "a:1", "--tetragon", "a:1"], "--tetragon lists the same address twice."],
    [["--tls-cert", "c.pem"], "--tls-cert and --tls-key go together (mutual TLS). Try --help."],
    [
      ["--allowed-origin", "localhost:5173"],
      '--allowed-origin "localhost:5173" must be an http:// or https:// origin.',
    ],
    [["--allowed-host", "http://x"], "--allowed-host takes a bare host name"],
    [["--tls-ca", "a", "--tls-ca", "b"], "--tls-ca given 2 times; give it once. Try --help."],
  ])("rejects %j with a one-line message", (argv, message) => {
    const e = error(argv);
    expect(e).toContain(message);
    expect(e).not.toContain("\n");
  });

  it("--kube: cluster mode with its defaults, and no implicit localhost agent", () => {
    expect(options(["--kube"])).toMatchObject({
      agents: [],
      kube: { namespace: "kube-system", selector: "app.kubernetes.io/name=tetragon", port: 54321 },
    });
    expect(
      options([
        "--kube",
        "--context",
        "prod",
        "--kube-namespace=tetragon",
        "--kube-selector",
        "app=tetragon,tier!=test",
        "--kube-port",
        "5555",
        "--tetragon",
        "10.0.0.1:54321",
      ]),
    ).toMatchObject({
      agents: ["10.0.0.1:54321"],
      kube: {
        context: "prod",
        namespace: "tetragon",
        selector: "app=tetragon,tier!=test",
        port: 5555,
      },
    });
    expect(options(["--kube"], { TETRAGON_ADDR: "a:1" }).agents).toEqual(["a:1"]);
  });

  it.each([
    [["--kube=yes"], "--kube takes no value. Try --help."],
    [["--kube-namespace", "x"], "--kube-namespace needs --kube. Try --help."],
    [["--context", "prod"], "--context needs --kube. Try --help."],
    [["--kube", "--kube", "--kube-port", "1"], "--kube given 2 times; give it once."],
    [
      ["--kube", "--kube-namespace", "Kube_System"],
      '--kube-namespace "Kube_System" is not a namespace name',
    ],
    [["--kube", "--kube-port", "0"], '--kube-port "0" must be a port number 1-65535.'],
    [["--kube", "--kube-port", "http"], '--kube-port "http" must be a port number 1-65535.'],
    [["--kube", "--kube-selector", " "], "--kube-selector needs a label selector"],
  ])("rejects the --kube group's %j with one line", (argv, message) => {
    const e = error(argv);
    expect(e).toContain(message);
    expect(e).not.toContain("\n");
  });

  it("answers --help and documents every flag", () => {
    expect(parseCliArgs(["--tetragon", "a:1", "--help"])).toEqual({ help: true });
    const text = helpText();
    for (const f of flags) expect(text).toContain(`${f.name}${f.arg === "" ? "" : ` ${f.arg}`}`);
    expect(text).toContain("env TETRAGON_ADDR");
    expect(text).toContain("default 127.0.0.1:8080");
  });
});

describe("the real CLI (node scripts/start.mjs, which builds dist-server/ if missing)", () => {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const run = (args: string[]) =>
    spawnSync("node", ["scripts/start.mjs", ...args], { cwd: root, encoding: "utf8" });

  it("exits 2 with one line on stderr for a bad flag, 0 with usage for --help", () => {
    const bad = run(["--no-such-flag"]);
    expect(bad.status).toBe(2);
    const lastLine = bad.stderr.trim().split("\n").at(-1);
    expect(lastLine).toBe("tetragon-dashboard: unknown flag --no-such-flag. Try --help.");
    const help = run(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--tetragon ADDR");
  }, 90_000);
});
