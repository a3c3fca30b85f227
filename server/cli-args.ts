/**
 * Command-line parsing for `npm start` / `tetragon-dashboard`. Pure: argv and env in, either
 * options or a one-line error out (main.ts prints it and exits 2), so every message is tested.
 */
import { parseAgentAddress, parseHostPort } from "./upstream/agent-address.js";
import { hardeningFlags, parseHardening, type Hardening } from "./cli-hardening.js";

export interface CliOptions extends Hardening {
  agents: string[];
  host: string;
  port: number;
  allowedHosts: string[];
  allowedOrigins: string[];
  tls?: { caFile?: string; certFile?: string; keyFile?: string; serverName?: string };
  staticDir?: string;
  /** Cluster mode (--kube): find the agents through the Kubernetes API. */
  kube?: KubeCliOptions;
}

export interface KubeCliOptions {
  context?: string;
  namespace: string;
  selector: string;
  port: number;
}

export type CliResult = { help: true } | { options: CliOptions } | { error: string };

export const defaultAgent = "localhost:54321";
export const defaultListen = "127.0.0.1:8080";
export const defaultKubeNamespace = "kube-system";
export const defaultKubeSelector = "app.kubernetes.io/name=tetragon";
export const defaultKubePort = 54321;

export interface FlagSpec {
  name: string;
  /** "" for a switch that takes no value (--kube). */
  arg: string;
  env?: string;
  def?: string;
  help: string;
}

/** Every flag, in --help order. The README's flag table is generated from the same words. */
export const flags: readonly FlagSpec[] = [
  {
    name: "--kube",
    arg: "",
    help: "Cluster mode: find every node's Tetragon pod through the Kubernetes API (credentials as kubectl finds them: KUBECONFIG, ~/.kube/config, or the in-cluster service account) and stream them all. Nothing to change in the cluster.",
  },
  {
    name: "--context",
    arg: "NAME",
    help: "kubeconfig context for --kube (default: the current context).",
  },
  {
    name: "--kube-namespace",
    arg: "NS",
    def: defaultKubeNamespace,
    help: "Namespace of the Tetragon pods (--kube).",
  },
  {
    name: "--kube-selector",
    arg: "SELECTOR",
    def: defaultKubeSelector,
    help: "Label selector of the Tetragon agent pods (--kube).",
  },
  {
    name: "--kube-port",
    arg: "PORT",
    def: String(defaultKubePort),
    help: "The agent's gRPC port inside the pod, reached by port-forward (--kube); when nothing listens there the gateway runs `tetra getevents -o json` in the pod instead.",
  },
  {
    name: "--tetragon",
    arg: "ADDR",
    env: "TETRAGON_ADDR",
    def: `${defaultAgent} (none with --kube)`,
    help: "Tetragon agent gRPC address: host:port or unix:///var/run/tetragon/tetragon.sock. Repeat (or comma-separate) to merge several agents; combines with --kube.",
  },
  {
    name: "--listen",
    arg: "HOST:PORT",
    env: "LISTEN",
    def: defaultListen,
    help: "Where the dashboard listens. A non-loopback address prints a warning: the API exposes every event.",
  },
  {
    name: "--allowed-host",
    arg: "NAME",
    help: "Extra Host header name accepted besides localhost, 127.0.0.1 and [::1] (DNS-rebinding guard). Repeatable.",
  },
  {
    name: "--allowed-origin",
    arg: "URL",
    help: "Extra browser Origin accepted, with a CORS grant for exactly it: e.g. http://localhost:5173 for `npm run dev`, or another gateway whose page streams from this one with ?gateway=. Repeatable.",
  },
  { name: "--tls-ca", arg: "FILE", help: "PEM CA bundle: dial the agent over TLS and verify it." },
  {
    name: "--tls-cert",
    arg: "FILE",
    help: "PEM client certificate for mutual TLS (needs --tls-key).",
  },
  { name: "--tls-key", arg: "FILE", help: "PEM client key for mutual TLS (needs --tls-cert)." },
  {
    name: "--tls-server-name",
    arg: "NAME",
    help: "Server name (SNI) expected in the agent's certificate, e.g. x.tetragon-grpc.cilium.io.",
  },
  {
    name: "--static-dir",
    arg: "DIR",
    def: "dist",
    help: "Built app to serve (made by `vite build`).",
  },
  ...hardeningFlags,
];

export function helpText(): string {
  const lines = [
    "Usage: tetragon-dashboard [--tetragon ADDR]... [--kube] [--listen HOST:PORT] [options]",
    "       npm start -- [options]",
    "",
    "Serves the Tetragon dashboard and a read-only gRPC-Web/Connect/gRPC gateway on one origin.",
    "Only GetEvents, GetHealth, GetVersion, GetInfo and ListTracingPolicies reach the agents.",
    "",
    "Options:",
  ];
  for (const f of flags) {
    lines.push(`  ${f.name}${f.arg === "" ? "" : ` ${f.arg}`}`);
    lines.push(`      ${f.help}`);
    const extra = [
      f.def === undefined ? "" : `default ${f.def}`,
      f.env === undefined ? "" : `env ${f.env}`,
    ]
      .filter((s) => s !== "")
      .join("; ");
    if (extra !== "") lines.push(`      (${extra})`);
  }
  lines.push("  -h, --help", "      Print this help and exit.");
  return lines.join("\n");
}

type Env = Readonly<Record<string, string | undefined>>;

export function parseCliArgs(argv: readonly string[], env: Env = {}): CliResult {
  const values = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? "";
    if (token === "-h" || token === "--help") return { help: true };
    const eq = token.indexOf("=");
    const name = token.startsWith("--") && eq > 0 ? token.slice(0, eq) : token;
    const spec = flags.find((f) => f.name === name);
    if (spec === undefined) {
      const what = token.startsWith("-")
        ? `unknown flag ${name}`
        : `unexpected argument "${token}"`;
      return { error: `${what}. Try --help.` };
    }
    let value: string | undefined;
    if (spec.arg === "") {
      if (name !== token) return { error: `${name} takes no value. Try --help.` };
      value = "";
    } else if (name !== token) value = token.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) {
        return { error: `${name} needs a value (${spec.arg}). Try --help.` };
      }
      i++;
    }
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return validate(values, env);
}

function validate(values: Map<string, string[]>, env: Env): CliResult {
  const single = (name: string): string | undefined | { error: string } => {
    const list = values.get(name) ?? [];
    if (list.length > 1)
      return { error: `${name} given ${list.length} times; give it once. Try --help.` };
    return list[0];
  };

  const kube = parseKubeFlags(values);
  if (kube !== undefined && "error" in kube) return kube;
  // With --kube the agents come from the cluster; --tetragon (or TETRAGON_ADDR) adds more.
  const implicit = kube === undefined ? [defaultAgent] : [];
  const fromEnv = env["TETRAGON_ADDR"] === undefined ? implicit : [env["TETRAGON_ADDR"]];
  const agentSource = values.get("--tetragon") ?? fromEnv;
  const agents = agentSource
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (agents.length === 0 && kube === undefined)
    return { error: "--tetragon needs at least one address. Try --help." };
  for (const a of agents) {
    const parsed = parseAgentAddress(a);
    if ("error" in parsed) return { error: `--tetragon ${parsed.error}` };
  }
  if (new Set(agents).size !== agents.length)
    return { error: "--tetragon lists the same address twice." };

  const listen = single("--listen");
  if (typeof listen === "object") return listen;
  const listenText = listen ?? env["LISTEN"] ?? defaultListen;
  const hp = parseHostPort(listenText);
  if ("error" in hp) return { error: `--listen "${listenText}": ${hp.error}` };

  const allowedOrigins: string[] = [];
  for (const o of values.get("--allowed-origin") ?? []) {
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      return { error: `--allowed-origin "${o}" is not a URL (e.g. http://localhost:5173).` };
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return { error: `--allowed-origin "${o}" must be an http:// or https:// origin.` };
    }
    allowedOrigins.push(url.origin);
  }
  const allowedHosts = (values.get("--allowed-host") ?? []).map((h) => h.trim().toLowerCase());
  if (allowedHosts.some((h) => h === "" || (/[\s/:]/.test(h) && !h.startsWith("[")))) {
    return {
      error: "--allowed-host takes a bare host name such as dashboard.example (no scheme or port).",
    };
  }

  const tls: NonNullable<CliOptions["tls"]> = {};
  for (const [flag, key] of [
    ["--tls-ca", "caFile"],
    ["--tls-cert", "certFile"],
    ["--tls-key", "keyFile"],
    ["--tls-server-name", "serverName"],
  ] as const) {
    const v = single(flag);
    if (typeof v === "object") return v;
    if (v !== undefined) tls[key] = v;
  }
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
    return { error: "--tls-cert and --tls-key go together (mutual TLS). Try --help." };
  }
  const staticDir = single("--static-dir");
  if (typeof staticDir === "object") return staticDir;
  const hardening = parseHardening(values);
  if ("error" in hardening) return hardening;

  const options: CliOptions = {
    agents,
    host: hp.host,
    port: hp.port,
    allowedHosts,
    allowedOrigins,
    ...hardening,
  };
  if (Object.keys(tls).length > 0) options.tls = tls;
  if (staticDir !== undefined) options.staticDir = staticDir;
  if (kube !== undefined) options.kube = kube;
  return { options };
}

const kubeOnlyFlags = ["--context", "--kube-namespace", "--kube-selector", "--kube-port"];

/** The --kube group: undefined without --kube (and then none of its flags may be given). */
function parseKubeFlags(
  values: Map<string, string[]>,
): KubeCliOptions | { error: string } | undefined {
  if (!values.has("--kube")) {
    const stray = kubeOnlyFlags.find((f) => values.has(f));
    return stray === undefined ? undefined : { error: `${stray} needs --kube. Try --help.` };
  }
  for (const f of ["--kube", ...kubeOnlyFlags]) {
    const n = values.get(f)?.length ?? 0;
    if (n > 1) return { error: `${f} given ${String(n)} times; give it once. Try --help.` };
  }
  const one = (f: string): string | undefined => values.get(f)?.[0];
  const namespace = one("--kube-namespace") ?? defaultKubeNamespace;
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) {
    return { error: `--kube-namespace "${namespace}" is not a namespace name (e.g. kube-system).` };
  }
  const selector = (one("--kube-selector") ?? defaultKubeSelector).trim();
  if (selector === "")
    return {
      error: "--kube-selector needs a label selector, e.g. app.kubernetes.io/name=tetragon.",
    };
  const portText = one("--kube-port") ?? String(defaultKubePort);
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535))
    return { error: `--kube-port "${portText}" must be a port number 1-65535.` };
  const context = one("--context");
  if (context !== undefined && context.trim() === "")
    return { error: "--context needs a context name." };
  return { namespace, selector, port, ...(context === undefined ? {} : { context }) };
}
