/**
 * The gateway's limits, timeouts and exposure flags (docs/SECURITY.md, RELIABILITY.md): a
 * part of the command line of their own, parsed into the options startGateway takes. Only
 * flags that were given appear in the result; startGateway fills in the defaults, which the
 * help text shows from the same constants.
 */
import type { ConnectionTimeouts } from "./http/connection-timeouts.js";
import { defaultConnectionTimeouts } from "./http/connection-timeouts.js";
import { defaultMaxConnectionsPerAddress } from "./http/dual-protocol.js";
import { defaultQueueBudgetBytes } from "./routes/get-events.js";
import { defaultStreamLimits } from "./routes/stream-admission.js";
import type { FlagSpec } from "./cli-args.js";

export interface Hardening {
  peerGateways?: string[];
  sourceMaps?: boolean;
  limits?: {
    maxStreams?: number;
    maxStreamsPerAddress?: number;
    maxConnectionsPerAddress?: number;
    queueBudgetBytes?: number;
  };
  timeouts?: Partial<ConnectionTimeouts>;
}

const seconds = (ms: number): string => String(ms / 1000);
const mib = 1024 * 1024;

export const hardeningFlags: readonly FlagSpec[] = [
  {
    name: "--peer-gateway",
    arg: "ORIGIN",
    help: "Origin of another gateway the dashboard served here may stream from with ?gateway= (added to the CSP connect-src; that gateway needs --allowed-origin with this one's origin). Repeatable.",
  },
  {
    name: "--source-maps",
    arg: "",
    help: "Serve the app's source maps (*.map, its full source). Off by default.",
  },
  {
    name: "--max-streams",
    arg: "N",
    def: String(defaultStreamLimits.maxStreams),
    help: "Concurrent GetEvents streams, all clients together; more are refused with ResourceExhausted.",
  },
  {
    name: "--max-streams-per-address",
    arg: "N",
    def: String(defaultStreamLimits.maxStreamsPerAddress),
    help: "Concurrent GetEvents streams from one client address (all tabs of a browser share one).",
  },
  {
    name: "--max-connections-per-address",
    arg: "N",
    def: String(defaultMaxConnectionsPerAddress),
    help: "Open connections from one client address; more get HTTP 503 (h2c: closed).",
  },
  {
    name: "--queue-memory",
    arg: "MIB",
    def: String(defaultQueueBudgetBytes / mib),
    help: "Memory for the events waiting for slow browsers, all streams together; each stream gets an equal share and drops its oldest events beyond it (reported to the page).",
  },
  {
    name: "--first-byte-timeout",
    arg: "SECONDS",
    def: seconds(defaultConnectionTimeouts.firstByteMs),
    help: "Close a connection that sends nothing for this long.",
  },
  {
    name: "--headers-timeout",
    arg: "SECONDS",
    def: seconds(defaultConnectionTimeouts.headersMs),
    help: "HTTP/1.1: answer 408 and close when a request's headers take longer.",
  },
  {
    name: "--request-timeout",
    arg: "SECONDS",
    def: seconds(defaultConnectionTimeouts.requestMs),
    help: "HTTP/1.1: answer 408 and close when receiving a whole request takes longer (a long-lived response, e.g. GetEvents, is not affected).",
  },
  {
    name: "--keep-alive-timeout",
    arg: "SECONDS",
    def: seconds(defaultConnectionTimeouts.keepAliveMs),
    help: "HTTP/1.1: close a kept-alive connection idle between requests for this long.",
  },
  {
    name: "--h2-idle-timeout",
    arg: "SECONDS",
    def: seconds(defaultConnectionTimeouts.h2IdleMs),
    help: "h2c: close a session with no open stream for this long (open streams are never cut).",
  },
];

type Values = ReadonlyMap<string, readonly string[]>;

export function parseHardening(values: Values): Hardening | { error: string } {
  const out: Hardening = {};
  const peers: string[] = [];
  for (const raw of values.get("--peer-gateway") ?? []) {
    const origin = exactOrigin(raw);
    if (origin === undefined) {
      return {
        error: `--peer-gateway "${raw}" must be an exact http:// or https:// origin such as https://dash-b.example:8443 (no path, no wildcard).`,
      };
    }
    peers.push(origin);
  }
  if (peers.length > 0) out.peerGateways = peers;
  if ((values.get("--source-maps") ?? []).length > 0) out.sourceMaps = true;

  const limits: NonNullable<Hardening["limits"]> = {};
  const timeouts: Partial<ConnectionTimeouts> = {};
  const numbers = [
    ["--max-streams", (n: number) => (limits.maxStreams = n), 1],
    ["--max-streams-per-address", (n: number) => (limits.maxStreamsPerAddress = n), 1],
    ["--max-connections-per-address", (n: number) => (limits.maxConnectionsPerAddress = n), 1],
    ["--queue-memory", (n: number) => (limits.queueBudgetBytes = Math.round(n * mib)), mib],
    ["--first-byte-timeout", (n: number) => (timeouts.firstByteMs = n * 1000), 1000],
    ["--headers-timeout", (n: number) => (timeouts.headersMs = n * 1000), 1000],
    ["--request-timeout", (n: number) => (timeouts.requestMs = n * 1000), 1000],
    ["--keep-alive-timeout", (n: number) => (timeouts.keepAliveMs = n * 1000), 1000],
    ["--h2-idle-timeout", (n: number) => (timeouts.h2IdleMs = n * 1000), 1000],
  ] as const;
  for (const [flag, set, unit] of numbers) {
    const list = values.get(flag) ?? [];
    if (list.length > 1)
      return { error: `${flag} given ${String(list.length)} times; give it once.` };
    const text = list[0];
    if (text === undefined) continue;
    const n = Number(text);
    // Counts are whole numbers; seconds and MiB may be fractional (tests use short timeouts).
    const whole = unit === 1;
    if (text.trim() === "" || !Number.isFinite(n) || n <= 0 || (whole && !Number.isInteger(n))) {
      return {
        error: `${flag} "${text}" must be a positive ${whole ? "whole number" : "number"}.`,
      };
    }
    set(n);
  }
  const headers = timeouts.headersMs ?? defaultConnectionTimeouts.headersMs;
  const request = timeouts.requestMs ?? defaultConnectionTimeouts.requestMs;
  if (headers > request) {
    return { error: "--headers-timeout must not be longer than --request-timeout." };
  }
  if (Object.keys(limits).length > 0) out.limits = limits;
  if (Object.keys(timeouts).length > 0) out.timeouts = timeouts;
  return out;
}

/** `scheme://host[:port]` exactly (what a browser sends as Origin), else undefined. */
function exactOrigin(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (raw.includes("*") || url.username !== "" || url.password !== "") return undefined;
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") return undefined;
  return url.origin;
}
