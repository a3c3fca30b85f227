/**
 * Checks one client's gRPC-Web GetEvents response body against what the synthetic agent sent,
 * without decoding protobuf: frames are cut by hand (1 flag byte + 4-byte length), and event
 * `seq` must be byte for byte the agent's template for `seq` with pid = seq (bench/synthetic-
 * agent.ts `templateFor`), the 10 bytes of `time` excepted (read for the latency instead).
 *
 * State: the bytes of an incomplete frame (`pending`), the next expected seq, and the first
 * problem. After the first problem the stream is out of step, so later frames are only
 * counted (`frames`, and `events` for those that are not drop notices), never compared: one
 * problem is reported, not a cascade.
 * Anything that is not the next event — a gap, a duplicate, a rate_limit_info drop notice,
 * a trailer (gRPC-Web sends the status last), other bytes — is a problem.
 */
import type { Template } from "./synthetic-agent.js";

/** GetEventsResponse.rate_limit_info: field 40001, length-delimited. */
const rateLimitInfoTag = (40001 << 3) | 2;

/** Reads a varint of up to 5 bytes (the agent pads its patched values to exactly 5). */
export function readVarint5(buf: Uint8Array, at: number): number {
  let n = 0;
  let scale = 1;
  for (let i = 0; i < 5; i++) {
    const b = buf[at + i] ?? 0;
    n += (b & 0x7f) * scale;
    if (b < 0x80) return n;
    scale *= 0x80;
  }
  return n;
}

/** Whether the message in buf[start, end) has a top-level rate_limit_info field. */
export function isDropNotice(buf: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    let tag = 0;
    let scale = 1;
    let b = 0x80;
    while (b & 0x80 && i < end) {
      b = buf[i++] ?? 0;
      tag += (b & 0x7f) * scale;
      scale *= 0x80;
    }
    if (tag === rateLimitInfoTag) return true;
    const wire = tag & 7;
    if (wire === 2) {
      const len = readVarint5(buf, i);
      while ((buf[i] ?? 0) & 0x80) i++;
      i += 1 + len;
    } else if (wire === 0) {
      while ((buf[i] ?? 0) & 0x80) i++;
      i++;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else return false;
  }
  return false;
}

/** The byte ranges of a template that are the same in every event built from it. */
export interface Checkable {
  template: Template;
  /** [start, end) pairs, flat, covering the frame except pid, seconds and nanos. */
  fixed: number[];
}

export function checkables(templates: readonly Template[]): Checkable[] {
  return templates.map((template) => {
    const holes = [template.pidAt, template.secondsAt, template.nanosAt].sort((a, b) => a - b);
    const fixed: number[] = [];
    let from = 0;
    for (const at of holes) {
      fixed.push(from, at);
      from = at + 5;
    }
    fixed.push(from, template.frame.length);
    return { template, fixed };
  });
}

export interface VerifierResult {
  /** Events received in order and byte-identical. */
  delivered: number;
  /** Every frame seen, including any after the first problem. */
  frames: number;
  /** Data frames that are events (not drop notices), in order or not. */
  events: number;
  problem: string | undefined;
  /** Date.now() when the last good event arrived. */
  lastMs: number;
  /** Date.now() when the last event frame (good or not) arrived. */
  lastEventMs: number;
}

/** Receives each delivered event's latency in ms, in sequence order (event 1 first). */
export interface LatencySink {
  add(ms: number): void;
}

/** Latency histogram in whole milliseconds (agent send time -> client receive time). */
export class LatencyHistogram implements LatencySink {
  readonly counts: Uint32Array;
  constructor(readonly maxMs = 120_000) {
    this.counts = new Uint32Array(maxMs + 1);
  }
  add(ms: number): void {
    const i = Math.min(this.maxMs, Math.max(0, Math.round(ms)));
    this.counts[i] = (this.counts[i] ?? 0) + 1;
  }
  /** Non-zero buckets as [ms, count] pairs (compact for IPC). */
  sparse(): [number, number][] {
    const out: [number, number][] = [];
    this.counts.forEach((n, ms) => {
      if (n > 0) out.push([ms, n]);
    });
    return out;
  }
}

export class StreamVerifier {
  private pending: Buffer | undefined;
  private next = 1;
  private frames = 0;
  private events = 0;
  private lastEventMs = 0;
  private problem: string | undefined;
  private lastMs = 0;

  constructor(
    private readonly pool: readonly Checkable[],
    private readonly latency: LatencySink,
  ) {}

  /** Feeds one chunk of the response body, received at `nowMs` (Date.now()). */
  push(chunk: Buffer, nowMs: number): void {
    let buf = chunk;
    if (this.pending !== undefined) {
      buf = Buffer.concat([this.pending, chunk]);
      this.pending = undefined;
    }
    let at = 0;
    while (buf.length - at >= 5) {
      const size = buf.readUInt32BE(at + 1);
      if (buf.length - at - 5 < size) break;
      this.frame(buf, at, size, nowMs);
      at += 5 + size;
    }
    if (at < buf.length) this.pending = Buffer.from(buf.subarray(at));
  }

  /** The body ended (or the connection closed) with `bytesLeft` of a frame unread. */
  end(reason: string): void {
    if (this.pending !== undefined)
      this.fail(`${reason} with ${String(this.pending.length)} bytes of a frame unread`);
  }

  fail(problem: string): void {
    this.problem ??= `event ${String(this.next)}: ${problem}`;
  }

  result(): VerifierResult {
    return {
      delivered: this.next - 1,
      frames: this.frames,
      events: this.events,
      problem: this.problem,
      lastMs: this.lastMs,
      lastEventMs: this.lastEventMs,
    };
  }

  private frame(buf: Buffer, at: number, size: number, nowMs: number): void {
    this.frames++;
    const next = this.next;
    if (this.problem === undefined) this.check(buf, at, size, nowMs);
    if (this.next > next || (buf[at] === 0 && !isDropNotice(buf, at + 5, at + 5 + size))) {
      this.events++;
      this.lastEventMs = nowMs;
    }
  }

  private check(buf: Buffer, at: number, size: number, nowMs: number): void {
    const flag = buf[at] ?? 0;
    if (flag & 0x80) {
      const text = buf.toString("latin1", at + 5, at + 5 + size).trim();
      this.fail(`trailer before the last event: ${JSON.stringify(text.slice(0, 200))}`);
      return;
    }
    if (flag !== 0) {
      this.fail(`unexpected frame flag ${String(flag)}`);
      return;
    }
    const seq = this.next;
    // The same pick as the agent's templateFor(seq).
    const { template, fixed } = this.pool[(seq - 1) % this.pool.length] as Checkable;
    if (5 + size !== template.frame.length) {
      this.fail(this.describe(buf, at, size, `length ${String(size)}`));
      return;
    }
    for (let i = 0; i < fixed.length; i += 2) {
      const from = fixed[i] as number;
      const to = fixed[i + 1] as number;
      if (buf.compare(template.frame, from, to, at + from, at + to) !== 0) {
        this.fail(this.describe(buf, at, size, `bytes differ in [${String(from)}, ${String(to)})`));
        return;
      }
    }
    const pid = readVarint5(buf, at + template.pidAt);
    if (pid !== seq) {
      this.fail(pid < seq ? `duplicate: got seq ${String(pid)}` : `gap: got seq ${String(pid)}`);
      return;
    }
    const sentMs =
      readVarint5(buf, at + template.secondsAt) * 1000 +
      readVarint5(buf, at + template.nanosAt) / 1e6;
    this.latency.add(nowMs - sentMs);
    this.lastMs = nowMs;
    this.next++;
  }

  /** Names a mismatching frame: a drop notice is the likeliest (and worst) kind. */
  private describe(buf: Buffer, at: number, size: number, what: string): string {
    if (isDropNotice(buf, at + 5, at + 5 + size))
      return `rate_limit_info (gateway dropped events), ${what}`;
    const seq = this.identify(buf, at, size);
    return seq === undefined
      ? `not the agent's event (${what})`
      : `the agent's event ${String(seq)} (${what}): did the stream restart?`;
  }

  /** The seq of the agent's event these bytes are, if they are one (another template). */
  private identify(buf: Buffer, at: number, size: number): number | undefined {
    for (const { template, fixed } of this.pool) {
      if (template.frame.length !== size + 5) continue;
      let same = true;
      for (let i = 0; i < fixed.length && same; i += 2) {
        const from = fixed[i] as number;
        const to = fixed[i + 1] as number;
        same = buf.compare(template.frame, from, to, at + from, at + to) === 0;
      }
      if (same) return readVarint5(buf, at + template.pidAt);
    }
    return undefined;
  }
}
