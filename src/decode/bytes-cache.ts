/**
 * Values made from byte ranges, remembered by the bytes themselves: the fast decoder asks for
 * the string (or labels object) behind a range of an encoded event, and a repeat of the same
 * bytes (the same pod, binary, node... in the next event) returns the same value without
 * decoding it again. Repeats also hand out the SAME object, so later steps can key their own
 * caches on identity (labelList) and strings arrive with their hash already computed.
 *
 * Data flow: get(buf, start, end, make) -> FNV-1a hash of the range -> bucket -> compare
 * bytes -> value, or make(copy of the range) on a miss. Invariants: a value is only returned
 * for byte-identical keys; the cache holds at most `maxEntries` entries and `maxKeyBytes` of
 * key copies, and empties itself when either is reached (a plain, bounded cache: nothing
 * depends on an entry staying).
 */
interface Entry<T> {
  readonly key: Uint8Array;
  readonly value: T;
  next: Entry<T> | undefined;
}

export function fnv1a(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] ?? 0), 0x01000193);
  return h >>> 0;
}

function sameBytes(key: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = 0; i < key.length; i++) if (key[i] !== buf[start + i]) return false;
  return true;
}

export class BytesCache<T> {
  private buckets = new Map<number, Entry<T>>();
  private entries = 0;
  private keyBytes = 0;

  constructor(
    private readonly maxEntries = 16_384,
    private readonly maxKeyBytes = 2 * 1024 * 1024,
    /** Longer ranges are made every time instead of remembered (1 MiB arguments...). */
    private readonly maxKeyLength = 1024,
  ) {}

  get(buf: Uint8Array, start: number, end: number, make: (bytes: Uint8Array) => T): T {
    const length = end - start;
    if (length > this.maxKeyLength) return make(buf.subarray(start, end));
    const hash = fnv1a(buf, start, end);
    const head = this.buckets.get(hash);
    for (let e = head; e !== undefined; e = e.next) {
      if (sameBytes(e.key, buf, start, end)) return e.value;
    }
    if (this.entries >= this.maxEntries || this.keyBytes + length > this.maxKeyBytes) {
      this.buckets = new Map();
      this.entries = 0;
      this.keyBytes = 0;
    }
    const key = buf.slice(start, end);
    const value = make(key);
    this.buckets.set(hash, { key, value, next: this.buckets.get(hash) });
    this.entries++;
    this.keyBytes += length;
    return value;
  }

  get size(): number {
    return this.entries;
  }
}
