/*
 * A protobuf wire-format writer over one growable byte buffer, for json-to-binary.ts.
 *
 * Unlike protobuf-es' BinaryWriter (which forks a new chunk list for every nested message and
 * copies it on join), a length-delimited body is written in place after a one-byte length
 * placeholder; if the body turns out to need a longer length varint, the body is moved up
 * once (copyWithin). Bytes are the same either way: minimal varints, little-endian fixed
 * widths, negative int32 sign-extended to 10 bytes.
 *
 * State: the buffer (grown by doubling, never shrunk, reused by `reset()`) and the write
 * position. `finish()` returns a copy, so the buffer can be reused at once.
 */
import type { WireType } from "@bufbuild/protobuf/wire";

export class WireWriter {
  #buf = new Uint8Array(64 * 1024);
  #view = new DataView(this.#buf.buffer);
  #pos = 0;

  reset(): void {
    this.#pos = 0;
  }

  /** A copy of the bytes written since reset(). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#pos);
  }

  #ensure(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#pos));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  /** An unsigned varint of a non-negative safe integer. */
  varint(n: number): void {
    this.#ensure(10);
    const buf = this.#buf;
    let pos = this.#pos;
    // Above 32 bits, bit operators would truncate: divide instead.
    while (n > 0xffffffff) {
      buf[pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    while (n > 0x7f) {
      buf[pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[pos++] = n;
    this.#pos = pos;
  }

  /** A varint of a 64-bit value, negative ones as two's complement (10 bytes). */
  varint64(n: bigint): void {
    let u = BigInt.asUintN(64, n);
    this.#ensure(10);
    while (u > 0x7fn) {
      this.#buf[this.#pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.#buf[this.#pos++] = Number(u);
  }

  /** int32 and enum values: negative ones sign-extended to 10 bytes, as protobuf does. */
  int32(n: number): void {
    if (n >= 0) this.varint(n);
    else this.varint64(BigInt(n));
  }

  tag(no: number, wireType: WireType): void {
    this.varint(no * 8 + wireType);
  }

  /** Reserves a one-byte length; returns where the body starts, for endLength(). */
  beginLength(): number {
    this.#ensure(1);
    return ++this.#pos;
  }

  /** Writes the body's length before it, moving the body up when the length needs more bytes. */
  endLength(start: number): void {
    const length = this.#pos - start;
    let size = 1;
    for (let n = length; n > 0x7f; n = Math.floor(n / 0x80)) size++;
    if (size > 1) {
      this.#ensure(size - 1);
      this.#buf.copyWithin(start + size - 1, start, this.#pos);
      this.#pos += size - 1;
    }
    let at = start - 1;
    let n = length;
    while (n > 0x7f) {
      this.#buf[at++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.#buf[at] = n;
  }

  /**
   * A string's UTF-8, length first. False (and the position left mid-write: the caller
   * abandons the message) at a lone surrogate, which has no UTF-8.
   */
  string(s: string): boolean {
    const start = this.beginLength();
    this.#ensure(s.length * 3);
    const buf = this.#buf;
    let pos = this.#pos;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        buf[pos++] = c;
      } else if (c < 0x800) {
        buf[pos++] = 0xc0 | (c >> 6);
        buf[pos++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[pos++] = 0xe0 | (c >> 12);
        buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
        buf[pos++] = 0x80 | (c & 0x3f);
      } else {
        const low = s.charCodeAt(i + 1);
        if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return false;
        i++;
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        buf[pos++] = 0xf0 | (c >> 18);
        buf[pos++] = 0x80 | ((c >> 12) & 0x3f);
        buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
        buf[pos++] = 0x80 | (c & 0x3f);
      }
    }
    this.#pos = pos;
    this.endLength(start);
    return true;
  }

  /** Bytes, length first. */
  bytes(b: Uint8Array): void {
    this.varint(b.byteLength);
    this.#ensure(b.byteLength);
    this.#buf.set(b, this.#pos);
    this.#pos += b.byteLength;
  }

  fixed32(n: number, signed: boolean): void {
    this.#ensure(4);
    if (signed) this.#view.setInt32(this.#pos, n, true);
    else this.#view.setUint32(this.#pos, n, true);
    this.#pos += 4;
  }

  fixed64(n: bigint, signed: boolean): void {
    this.#ensure(8);
    if (signed) this.#view.setBigInt64(this.#pos, n, true);
    else this.#view.setBigUint64(this.#pos, n, true);
    this.#pos += 8;
  }

  float(n: number): void {
    this.#ensure(4);
    this.#view.setFloat32(this.#pos, n, true);
    this.#pos += 4;
  }

  double(n: number): void {
    this.#ensure(8);
    this.#view.setFloat64(this.#pos, n, true);
    this.#pos += 8;
  }
}
