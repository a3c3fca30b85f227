/**
 * A fast synthetic Tetragon agent for the benchmark: node:http2 speaking gRPC, writing
 * PRE-ENCODED GetEventsResponse frames. protobuf-es `toBinary` costs 100-400 µs per event on
 * this machine, so per-event encoding could not offer 25k events/s; instead a pool of
 * realistic events (exec / exit / kprobe ... from the seeded demo generator) is encoded once
 * with placeholder values, and each write copies a template and splices in:
 *
 *   - process.pid  = the stream's sequence number (1, 2, 3 ...): the page checks for loss;
 *   - time         = the send time (seconds + nanos): clients compute the latency.
 *
 * Event `seq` of every stream is template `(seq - 1) % pool` (`templateFor`), so a client that
 * builds the same pool knows the exact bytes to expect for each event (time excepted) and can
 * check them at memcmp cost (bench/load-verify.ts).
 *
 * Placeholders are 5-byte varints; the patch writes a padded (non-minimal) 5-byte varint of
 * the real value, so frame lengths never change. Protobuf decoders accept padded varints.
 *
 * Agent filter: the GetEventsRequest's allow_list / deny_list are applied with Tetragon's
 * semantics (server/demo/event-filter.ts, the demo agent's), decided once per template (the
 * patched pid and time are not what the bench filters on). Events the filter drops still
 * count towards the offered rate and take their sequence number, as on a real agent, where
 * the filter runs after the event exists.
 *
 * Pacing: every `TICK_MS` each open GetEvents stream writes the events due since the rate
 * was last set (rate × elapsed − sent), in one buffer. Rate 0 pauses; rate Infinity writes
 * as fast as HTTP/2 flow control drains (the "unthrottled" proxy test). State per stream:
 * `seq` (last sequence sent); agent-wide: rate, pacing base, totals.
 */
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { clone, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  GetEventsRequestSchema,
  GetEventsResponseSchema,
  type GetEventsResponse,
} from "../src/gen/tetragon/events_pb.js";
import { compileEventFilter } from "../server/demo/event-filter.js";
import { createEventGenerator } from "../server/demo/generator.js";

const TICK_MS = 5;
/** At most this many frames per write while unthrottled (keeps each write ~1 MiB). */
const UNTHROTTLED_CHUNK = 1024;

// Not 0xffffffff: Tetragon uses that for an unset auid.
const PID_PLACEHOLDER = 0xf0e1d2c3; // a 5-byte varint no real field holds
const SECONDS_PLACEHOLDER = 2 ** 35 - 1; // varint ff ff ff ff 7f
const NANOS_PLACEHOLDER = 999_999_999; // varint ff 93 eb dc 03

export interface Template {
  /** gRPC frame: flag byte, 4-byte length, message. */
  frame: Buffer;
  pidAt: number;
  secondsAt: number;
  nanosAt: number;
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

function findOnce(hay: Buffer, needle: number[]): number {
  const pattern = Buffer.from(needle);
  const first = hay.indexOf(pattern);
  if (first < 0 || hay.indexOf(pattern, first + 1) >= 0) return -1;
  return first;
}

/** Writes `n` (< 2^35) as a padded 5-byte varint at `at`. */
export function patchVarint5(buf: Buffer, at: number, n: number): void {
  for (let i = 0; i < 4; i++) {
    buf[at + i] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  buf[at + 4] = n & 0x7f;
}

function withPlaceholders(res: GetEventsResponse): GetEventsResponse | undefined {
  const ev = res.event;
  if (ev.case === undefined || ev.case === "rateLimitInfo" || ev.case === "test") return undefined;
  const value = ev.value as { process?: { pid?: number | undefined } };
  if (value.process === undefined) return undefined;
  value.process.pid = PID_PLACEHOLDER;
  res.time = {
    $typeName: "google.protobuf.Timestamp",
    seconds: BigInt(SECONDS_PLACEHOLDER),
    nanos: NANOS_PLACEHOLDER,
  };
  return res;
}

/** Encodes `count` realistic events once, with their patch offsets. */
export function buildTemplates(count = 512, seed = 11): Template[] {
  const gen = createEventGenerator({ seed, startTime: Date.UTC(2026, 0, 1) });
  const out: Template[] = [];
  for (let tries = 0; out.length < count && tries < count * 4; tries++) {
    // A copy: the generator shares process objects between events (parent = earlier exec).
    const res = withPlaceholders(clone(GetEventsResponseSchema, gen.next()));
    if (res === undefined) continue;
    const msg = Buffer.from(toBinary(GetEventsResponseSchema, res));
    const frame = Buffer.alloc(5 + msg.length);
    frame.writeUInt32BE(msg.length, 1);
    msg.copy(frame, 5);
    const pidAt = findOnce(frame, varint(PID_PLACEHOLDER));
    const secondsAt = findOnce(frame, varint(SECONDS_PLACEHOLDER));
    const nanosAt = findOnce(frame, varint(NANOS_PLACEHOLDER));
    if (pidAt < 0 || secondsAt < 0 || nanosAt < 0) continue;
    out.push({ frame, pidAt, secondsAt, nanosAt });
  }
  if (out.length === 0) throw new Error("synthetic agent: no template could be patched");
  return out;
}

/**
 * Per template: whether the agent filter of `request` (an encoded GetEventsRequest, empty
 * for none) lets it through; null when everything passes. Throws on a request the agent
 * would refuse (a bad regex).
 */
export function templateVerdicts(
  templates: readonly Template[],
  request: Uint8Array,
): boolean[] | null {
  const req = fromBinary(GetEventsRequestSchema, request);
  if (req.allowList.length === 0 && req.denyList.length === 0) return null;
  const accept = compileEventFilter(req);
  return templates.map((t) => accept(fromBinary(GetEventsResponseSchema, t.frame.subarray(5))));
}

/** The template event `seq` (1, 2, 3 ...) of any stream is built from. */
export function templateFor(templates: readonly Template[], seq: number): Template {
  const t = templates[(seq - 1) % templates.length];
  if (t === undefined) throw new Error(`synthetic agent: no template for seq ${String(seq)}`);
  return t;
}

/** The message bytes (no frame header) of every template, with seq 1..n patched in. */
export function samplePayloads(templates: readonly Template[], n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const t = templates[i % templates.length];
    if (t === undefined) break;
    const f = Buffer.from(t.frame);
    patchVarint5(f, t.pidAt, i + 1);
    stampTime(f, t, Date.now());
    out.push(new Uint8Array(f.subarray(5)));
  }
  return out;
}

function stampTime(frame: Buffer, t: Template, ms: number): void {
  patchVarint5(frame, t.secondsAt, Math.floor(ms / 1000));
  patchVarint5(frame, t.nanosAt, (ms % 1000) * 1_000_000);
}

export interface SyntheticAgent {
  address: string;
  port: number;
  /**
   * Events per second for every open stream; 0 pauses, Infinity = as fast as drained.
   * `limit`: each stream stops for good after event number `limit` (default: no limit).
   */
  setRate(rate: number, limit?: number): void;
  /** Events written since start, over all streams. */
  sent(): number;
  /** Open GetEvents streams. */
  streams(): number;
  /** Mean encoded event size in bytes (message only). */
  meanEventBytes: number;
  close(): Promise<void>;
}

interface StreamState {
  stream: http2.ServerHttp2Stream;
  seq: number;
  /** Per template, whether the stream's agent filter lets it through (null: all). */
  accept: boolean[] | null;
  /** Events this stream has offered (written or filtered out) since `baseMs`. */
  sinceBase: number;
  /** When this stream's pacing started: the later of its opening and the last rate change
   * (a stream opened late must not receive the events "owed" since the rate was set). */
  baseMs: number;
  blocked: boolean;
}

export async function startSyntheticAgent(port = 0): Promise<SyntheticAgent> {
  const templates = buildTemplates();
  const meanEventBytes =
    templates.reduce((n, t) => n + t.frame.length - 5, 0) / Math.max(1, templates.length);
  const streams = new Set<StreamState>();
  const sessions = new Set<http2.ServerHttp2Session>();
  let rate = 0;
  let limit = Infinity;
  let total = 0;

  const fill = (s: StreamState, want: number): Buffer => {
    const n = Math.min(want, limit - s.seq);
    let size = 0;
    const picks: { t: Template; seq: number }[] = [];
    for (let i = 1; i <= n; i++) {
      const seq = s.seq + i;
      if (s.accept !== null && s.accept[(seq - 1) % templates.length] !== true) continue;
      const t = templateFor(templates, seq);
      picks.push({ t, seq });
      size += t.frame.length;
    }
    const out = Buffer.allocUnsafe(size);
    const now = Date.now();
    let at = 0;
    for (const { t, seq } of picks) {
      t.frame.copy(out, at);
      const f = out.subarray(at, at + t.frame.length);
      patchVarint5(f, t.pidAt, seq);
      stampTime(f, t, now);
      at += t.frame.length;
    }
    s.seq += n;
    s.sinceBase += n;
    total += picks.length;
    return out;
  };

  const pump = (s: StreamState): void => {
    if (s.blocked || s.stream.destroyed || rate <= 0 || s.seq >= limit) return;
    if (rate === Infinity) {
      while (s.seq < limit) {
        if (!s.stream.writable) return;
        if (!s.stream.write(fill(s, UNTHROTTLED_CHUNK))) {
          s.blocked = true;
          return;
        }
      }
    }
    const due = Math.floor((rate * (performance.now() - s.baseMs)) / 1000) - s.sinceBase;
    // Paced streams write even past HTTP/2 backpressure (a real agent's events keep coming);
    // the bench checks that every one of them reaches the page.
    if (due > 0) s.stream.write(fill(s, due));
  };

  const timer = setInterval(() => {
    for (const s of streams) pump(s);
  }, TICK_MS);

  // A real agent keeps producing while a client is slow and buffers for it (Tetragon: a
  // per-client queue; grpc-go has no session memory cap). Node's default cap (10 MB per
  // session, counting data written but not yet sent) would instead make this fake reset
  // every stream with ENHANCE_YOUR_CALM as soon as the gateway lags ~0.2 s at 40,000/s.
  const server = http2.createServer({ maxSessionMemory: 1024 });
  server.on("session", (s) => {
    sessions.add(s);
    s.on("close", () => sessions.delete(s));
    s.on("error", () => undefined);
  });
  server.on("stream", (stream, headers) => {
    stream.on("error", () => undefined);
    const path = headers[":path"] ?? "";
    const okHeaders = { ":status": 200, "content-type": "application/grpc+proto" };
    if (path !== "/tetragon.FineGuidanceSensors/GetEvents") {
      // GetHealth and other unary calls: one empty message, status 0.
      stream.resume();
      stream.on("end", () => {
        stream.respond(okHeaders, { waitForTrailers: true });
        stream.on("wantTrailers", () => {
          stream.sendTrailers({ "grpc-status": "0" });
        });
        stream.end(Buffer.from([0, 0, 0, 0, 0]));
      });
      return;
    }
    const s: StreamState = {
      stream,
      seq: 0,
      accept: null,
      sinceBase: 0,
      baseMs: performance.now(),
      blocked: false,
    };
    // The request (one gRPC frame) decides the stream's filter; a client that has not
    // half-closed yet gets its events from the first frame on.
    const body: Buffer[] = [];
    let started = false;
    const begin = (): void => {
      if (started) return;
      started = true;
      const all = Buffer.concat(body);
      try {
        s.accept = all.length >= 5 ? templateVerdicts(templates, all.subarray(5)) : null;
      } catch (err) {
        stream.respond(
          {
            ":status": 200,
            "content-type": "application/grpc+proto",
            "grpc-status": "3",
            "grpc-message": encodeURIComponent(err instanceof Error ? err.message : String(err)),
          },
          { endStream: true },
        );
        return;
      }
      stream.respond(okHeaders);
      s.baseMs = performance.now();
      streams.add(s);
    };
    stream.on("data", (chunk: Buffer) => {
      body.push(chunk);
      const all = Buffer.concat(body);
      if (all.length >= 5 && all.length >= 5 + all.readUInt32BE(1)) begin();
    });
    stream.on("end", begin);
    stream.on("drain", () => {
      s.blocked = false;
      if (rate === Infinity)
        setImmediate(() => {
          pump(s);
        });
    });
    stream.on("close", () => streams.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${String(actual)}`,
    port: actual,
    meanEventBytes,
    setRate(r, max = Infinity) {
      rate = r;
      limit = max;
      const now = performance.now();
      for (const s of streams) {
        s.sinceBase = 0;
        s.baseMs = now;
        if (r === Infinity) pump(s);
      }
    },
    sent: () => total,
    streams: () => streams.size,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        for (const s of streams) s.stream.close();
        server.close(() => {
          resolve();
        });
        for (const s of sessions) s.destroy();
      }),
  };
}
