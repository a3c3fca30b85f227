/*
 * Gzip by content, not by name: a stream that starts with the gzip magic bytes (1f 8b) is
 * inflated on the fly with fflate's streaming Gunzip (multi-member files too, as `cat a.gz
 * b.gz` or rotated logs make); anything else passes through untouched. Bytes in, bytes out,
 * with no more than one compressed chunk and its output in memory at a time.
 */
import { Gunzip } from "fflate";

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export class MaybeGunzip {
  /** First byte(s) held until two are known, so a 1-byte first chunk is still detected. */
  #head: Uint8Array | undefined = new Uint8Array(0);
  #gunzip: Gunzip | undefined;
  #out: Uint8Array[] = [];
  #compressed: boolean | undefined;

  /** true/false once the first two bytes are known. */
  get compressed(): boolean | undefined {
    return this.#compressed;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    return this.#feed(chunk, false);
  }

  /** End of input; throws when a gzip stream stops before its end. */
  end(): Uint8Array[] {
    return this.#feed(new Uint8Array(0), true);
  }

  #feed(chunk: Uint8Array, final: boolean): Uint8Array[] {
    let bytes = chunk;
    if (this.#head) {
      bytes = concat(this.#head, chunk);
      if (bytes.length < 2 && !final) {
        this.#head = bytes;
        return [];
      }
      this.#head = undefined;
      this.#compressed = isGzip(bytes);
      if (this.#compressed) {
        this.#gunzip = new Gunzip((data) => {
          if (data.length > 0) this.#out.push(data);
        });
      }
    }
    if (!this.#gunzip) return bytes.length > 0 ? [bytes] : [];
    try {
      this.#gunzip.push(bytes, final);
    } catch (err) {
      throw new Error(
        `gzip: ${err instanceof Error ? err.message : "invalid data"} (the file is corrupt or cut short)`,
        { cause: err },
      );
    }
    const out = this.#out;
    this.#out = [];
    return out;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
