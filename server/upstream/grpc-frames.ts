/**
 * Splits a gRPC response body (HTTP/2 DATA chunks) into its messages, synchronously, one
 * chunk at a time: each 5-byte envelope header (flags, big-endian length) is read and the
 * message handed out as bytes.
 *
 * Why not connect's pipeline: connect splits, decompresses and parses each message through
 * a chain of async generators — several promises and copies per message, about a third of
 * the gateway's CPU per relayed event (docs/PERFORMANCE.md, proxy). The gateway never needs
 * the message parsed, only its bytes, so one synchronous loop per chunk does it.
 *
 * State: the header bytes seen so far (a header may be split across chunks) and the message
 * being filled when it spans chunks. Invariant: a message wholly inside one chunk is a VIEW
 * of that chunk (no copy); one spanning chunks is copied into a buffer of its own, allocated
 * once at its announced length (so a large event costs one copy, not one per chunk).
 *
 * Errors are connect's, with its codes, so the supervisor classifies them as before: a
 * message over `readMaxBytes` (ResourceExhausted), a compressed message (none was
 * negotiated: Internal), a body that ends mid-message (InvalidArgument).
 */
import { Code, ConnectError } from "@connectrpc/connect";

const headerBytes = 5;
const compressedFlag = 0b00000001;

export class GrpcFrameSplitter {
  private readonly header = new Uint8Array(headerBytes);
  private headerFill = 0;
  private message: Uint8Array | undefined;
  private messageFill = 0;
  /** A fault found after messages of the same chunk: thrown by the next call. */
  private failure: Error | undefined;

  constructor(private readonly readMaxBytes: number) {}

  /** True while a message or header is incomplete (the body must not end now). */
  get midMessage(): boolean {
    return this.headerFill > 0 || this.message !== undefined;
  }

  /**
   * The messages this chunk completes, in order. A fault in the chunk throws once the
   * messages before it are handed out (here if there are none, else from the next call).
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failure !== undefined) throw this.failure;
    const out: Uint8Array[] = [];
    try {
      this.split(chunk, out);
    } catch (err) {
      if (out.length === 0 || !(err instanceof Error)) throw err;
      this.failure = err;
    }
    return out;
  }

  private split(chunk: Uint8Array, out: Uint8Array[]): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.message === undefined) {
        if (this.headerFill === 0 && chunk.length - at >= headerBytes) {
          const length = this.announced(chunk, at);
          at += headerBytes;
          if (chunk.length - at >= length) {
            out.push(chunk.subarray(at, at + length));
            at += length;
            continue;
          }
          this.message = new Uint8Array(length);
          this.messageFill = 0;
        } else {
          const n = Math.min(headerBytes - this.headerFill, chunk.length - at);
          this.header.set(chunk.subarray(at, at + n), this.headerFill);
          this.headerFill += n;
          at += n;
          if (this.headerFill < headerBytes) break;
          this.headerFill = 0;
          const length = this.announced(this.header, 0);
          if (length === 0) {
            out.push(new Uint8Array(0));
            continue;
          }
          this.message = new Uint8Array(length);
          this.messageFill = 0;
        }
      }
      const n = Math.min(this.message.length - this.messageFill, chunk.length - at);
      this.message.set(chunk.subarray(at, at + n), this.messageFill);
      this.messageFill += n;
      at += n;
      if (this.messageFill === this.message.length) {
        out.push(this.message);
        this.message = undefined;
      }
    }
  }

  /** Throws unless the body ended between messages (and without a fault). */
  end(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.midMessage) {
      throw new ConnectError("protocol error: incomplete envelope", Code.InvalidArgument);
    }
  }

  /** The message length of the header at `at`, after checking its flags and size. */
  private announced(bytes: Uint8Array, at: number): number {
    const flags = bytes[at] ?? 0;
    const length =
      (bytes[at + 1] ?? 0) * 0x1000000 +
      (((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 8) | (bytes[at + 4] ?? 0));
    if ((flags & compressedFlag) !== 0) {
      throw new ConnectError(
        "protocol error: received a compressed message, but no compression was negotiated",
        Code.Internal,
      );
    }
    if (flags !== 0) {
      throw new ConnectError(
        `protocol error: invalid envelope flags ${String(flags)}`,
        Code.Internal,
      );
    }
    if (length > this.readMaxBytes) {
      throw new ConnectError(
        `message size ${String(length)} is larger than configured readMaxBytes ${String(this.readMaxBytes)}`,
        Code.ResourceExhausted,
      );
    }
    return length;
  }
}
