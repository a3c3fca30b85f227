/**
 * Coalesces a streaming HTTP/1.1 response's writes per event-loop turn: connect-node writes
 * one gRPC-Web frame per event, and each `res.write` costs a chunked-encoding header, four
 * socket writes and (uncorked) a `writev` syscall — at 40,000 events/s that was about a fifth
 * of the gateway's CPU profile. Here writes made during one turn are kept in a list and leave
 * as ONE `res.write` (one HTTP chunk, one syscall) from a `setImmediate`, i.e. once the
 * turn's I/O callbacks and microtasks have run. The bytes on the wire are the same frames in
 * the same order; only the chunk boundaries differ, which gRPC-Web readers never see.
 *
 * State: `pending` (chunks and their callbacks, flushed together), `pendingBytes`, whether a
 * flush is scheduled, and whether a writer was told to wait (`needDrain`).
 * Backpressure: `write` returns false once the pending bytes plus the socket's unsent bytes
 * reach `limitBytes`; 'drain' follows when the flush was accepted (emitted here) or, if
 * the socket itself pushed back, when the socket drains (emitted by node). `end` flushes
 * first, so nothing is reordered or lost.
 */
import type { NodeResponse } from "./node-types.js";

type Callback = (err?: Error | null) => void;
type Write = (chunk: unknown, encoding?: unknown, cb?: unknown) => boolean;
type End = (...args: unknown[]) => unknown;

/**
 * Enough for a turn's worth of events (one upstream read), small next to the queue: a
 * stalled browser holds this much of the gateway's memory in its response, on top of its
 * queue share, so 200 stalled streams hold ~13 MiB here (it was 256 KiB, ~100 MiB with the
 * flush that follows; stalled-memory.test.ts).
 */
export const limitBytes = 64 * 1024;

export function corkPerTick(res: NodeResponse): void {
  // Only HTTP/1.1 responses: the HTTP/2 compat response frames data itself.
  if (!("chunkedEncoding" in res)) return;
  const target = res as unknown as { write: Write; end: End; emit(event: string): boolean };
  const write = target.write.bind(res);
  const end = target.end.bind(res);
  let pending: Buffer[] = [];
  let callbacks: Callback[] = [];
  let pendingBytes = 0;
  let scheduled = false;
  let needDrain = false;

  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const chunks = pending;
    const cbs = callbacks;
    pending = [];
    callbacks = [];
    pendingBytes = 0;
    if (res.destroyed) return;
    const ok = write(
      chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
      (err?: Error | null) => {
        for (const cb of cbs) cb(err);
      },
    );
    // !ok: node itself emits 'drain' on the response once the socket has sent what it holds.
    if (needDrain && ok) target.emit("drain");
    needDrain = false;
  };

  target.write = (chunk, encoding, cb) => {
    if (res.writableEnded || res.destroyed) return write(chunk, encoding, cb);
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : Buffer.from(
            String(chunk),
            typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8",
          );
    pending.push(buf);
    pendingBytes += buf.length;
    const callback = typeof encoding === "function" ? encoding : cb;
    if (typeof callback === "function") callbacks.push(callback as Callback);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
    if (pendingBytes + res.writableLength < limitBytes) return true;
    needDrain = true;
    return false;
  };

  target.end = (...args) => {
    flush();
    return end(...args);
  };
}
