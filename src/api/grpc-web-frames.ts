/**
 * GetEvents over gRPC-Web with fetch, yielding each event's ENCODED bytes instead of a
 * decoded message: the ingest worker decodes once for the table row and keeps the bytes for
 * the detail pane, so nothing is ever re-encoded. (connect-web's client only hands out
 * decoded messages.) Same wire format as connect-web: POST application/grpc-web+proto, a
 * 5-byte frame header (flags, big-endian length) per message, a trailer frame (flag 0x80)
 * with `grpc-status` / `grpc-message`. Errors are ConnectErrors, so errors.ts classifies
 * them exactly as it classifies connect-web's.
 */
import { Code, ConnectError } from "@connectrpc/connect";

const PATH = "/tetragon.FineGuidanceSensors/GetEvents";
/** `message` (an encoded GetEventsRequest; empty = no filter) in one uncompressed frame. */
export function requestFrame(message: Uint8Array): Uint8Array<ArrayBuffer> {
  const frame = new Uint8Array(5 + message.length);
  new DataView(frame.buffer).setUint32(1, message.length);
  frame.set(message, 5);
  return frame;
}
/** Same cap as the gateway's writeMaxBytes: refuse absurd frames before buffering them. */
const MAX_FRAME = 16 * 1024 * 1024;

function statusError(status: number, message: string): ConnectError {
  const known = new Map<number, Code>();
  for (const v of Object.values(Code)) if (typeof v === "number") known.set(v, v);
  return new ConnectError(message, known.get(status) ?? Code.Unknown);
}

function httpStatusCode(status: number): Code {
  switch (status) {
    case 400:
      return Code.Internal;
    case 401:
      return Code.Unauthenticated;
    case 403:
      return Code.PermissionDenied;
    case 404:
      return Code.Unimplemented;
    case 429:
    case 502:
    case 503:
    case 504:
      return Code.Unavailable;
    default:
      return Code.Unknown;
  }
}

function parseTrailer(bytes: Uint8Array): { status: number; message: string } {
  const text = new TextDecoder().decode(bytes);
  let status = Number.NaN;
  let message = "";
  for (const line of text.split("\r\n")) {
    const at = line.indexOf(":");
    if (at < 0) continue;
    const key = line.slice(0, at).trim().toLowerCase();
    const value = line.slice(at + 1).trim();
    if (key === "grpc-status") status = Number(value);
    else if (key === "grpc-message") message = decodeURIComponent(value);
  }
  return { status, message };
}

/** Splits a byte stream into gRPC-Web frames; frames may straddle chunks. */
export class FrameSplitter {
  private buf = new Uint8Array(0);
  private len = 0;

  /** Appends a chunk and returns the complete frames it finished: [flags, payload][]. */
  push(chunk: Uint8Array): [number, Uint8Array][] {
    let data = chunk;
    if (this.len > 0) {
      const joined = new Uint8Array(this.len + chunk.length);
      joined.set(this.buf.subarray(0, this.len));
      joined.set(chunk, this.len);
      data = joined;
    }
    const out: [number, Uint8Array][] = [];
    let at = 0;
    while (data.length - at >= 5) {
      const flags = data[at] ?? 0;
      const size =
        (((data[at + 1] ?? 0) << 24) >>> 0) +
        ((data[at + 2] ?? 0) << 16) +
        ((data[at + 3] ?? 0) << 8) +
        (data[at + 4] ?? 0);
      if (size > MAX_FRAME) {
        throw new ConnectError(
          `message of ${String(size)} bytes exceeds the limit`,
          Code.ResourceExhausted,
        );
      }
      if (data.length - at - 5 < size) break;
      out.push([flags, data.subarray(at + 5, at + 5 + size)]);
      at += 5 + size;
    }
    const rest = data.length - at;
    if (rest > 0) {
      if (this.buf.length < rest) this.buf = new Uint8Array(Math.max(rest, 4096));
      this.buf.set(data.subarray(at));
    }
    this.len = rest;
    return out;
  }

  get pending(): number {
    return this.len;
  }
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Opens GetEvents with `request` (an encoded GetEventsRequest: the agent filter; empty for
 * none); yields each event's bytes (views into the received chunk).
 */
export async function* getEventsBytes(
  baseUrl: string,
  signal: AbortSignal,
  onOpen: () => void,
  fetchImpl: FetchLike = (input, init) => fetch(input, init),
  request: Uint8Array = new Uint8Array(0),
): AsyncGenerator<Uint8Array> {
  let res: Response;
  try {
    res = await fetchImpl(`${baseUrl.replace(/\/$/, "")}${PATH}`, {
      method: "POST",
      headers: {
        "content-type": "application/grpc-web+proto",
        "x-grpc-web": "1",
        accept: "application/grpc-web+proto",
      },
      body: requestFrame(request),
      signal,
    });
  } catch (e) {
    if (signal.aborted) throw new ConnectError("the operation was aborted", Code.Canceled);
    throw new ConnectError(e instanceof Error ? e.message : String(e), Code.Unavailable);
  }
  if (res.status !== 200) {
    throw new ConnectError(`HTTP ${String(res.status)}`, httpStatusCode(res.status));
  }
  const headerStatus = res.headers.get("grpc-status");
  if (headerStatus !== null && headerStatus !== "0") {
    throw statusError(
      Number(headerStatus),
      decodeURIComponent(res.headers.get("grpc-message") ?? ""),
    );
  }
  if (!(res.headers.get("content-type") ?? "").startsWith("application/grpc-web")) {
    throw new ConnectError(
      `unexpected content type ${res.headers.get("content-type") ?? "(none)"}`,
      Code.Unimplemented,
    );
  }
  onOpen();
  if (res.body === null) throw new ConnectError("response has no body", Code.Internal);
  const reader = res.body.getReader();
  const splitter = new FrameSplitter();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (signal.aborted) throw new ConnectError("the operation was aborted", Code.Canceled);
        throw new ConnectError(e instanceof Error ? e.message : String(e), Code.Unavailable);
      }
      if (chunk.done) break;
      for (const [flags, payload] of splitter.push(chunk.value)) {
        if ((flags & 0x80) !== 0) {
          const t = parseTrailer(payload);
          if (t.status === 0) return;
          throw statusError(Number.isNaN(t.status) ? Code.Unknown : t.status, t.message);
        }
        if ((flags & 0x01) !== 0)
          throw new ConnectError("compressed frames are not supported", Code.Internal);
        yield payload;
      }
    }
  } finally {
    reader.releaseLock();
  }
  throw new ConnectError("the stream ended without a status", Code.Unavailable);
}
