/**
 * Interned values with lifetimes: every distinct string (or label list) the buffer holds is
 * kept once and referred to by a small id from the typed-array columns. Ids are reused once no
 * held event refers to them any more, so the table stays proportional to what is buffered.
 *
 * Data flow: `intern(key, value, pos)` returns the id of `key` (adding it if new) and records
 * `pos` as its latest use; `sweep(oldestHeld)` frees every id whose latest use is older than
 * the oldest held event (called by the store as the buffer evicts; `maybeSweep` only when the
 * table has doubled since the last sweep, so the cost is amortised). Invariants: an id refers
 * to one key until it is freed; `generation` increases whenever ids are freed, so caches keyed
 * by id (filter verdicts, lower-cased text) know to start over.
 */
export class InternTable<T> {
  private readonly ids = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private values: (T | undefined)[] = [];
  private lastUse = new Float64Array(1024);
  private free: number[] = [];
  private liveAfterSweep = 0;
  generation = 0;

  constructor(private readonly minSweep = 4096) {}

  /** The id of `key` (its value is `value`), used by the event at position `pos`. */
  intern(key: string, value: T, pos: number): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.free.pop() ?? this.keys.length;
      this.ids.set(key, id);
      this.keys[id] = key;
      this.values[id] = value;
      if (id >= this.lastUse.length) {
        const grown = new Float64Array(this.lastUse.length * 2);
        grown.set(this.lastUse);
        this.lastUse = grown;
      }
    }
    this.lastUse[id] = pos;
    return id;
  }

  /** Records another use of a live id (the caller knows it is live). */
  touch(id: number, pos: number): void {
    this.lastUse[id] = pos;
  }

  value(id: number): T {
    const v = this.values[id];
    if (v === undefined) throw new RangeError(`intern id ${String(id)} is not in use`);
    return v;
  }

  /** The value of `id`, or undefined when the id is free. */
  valueOrUndefined(id: number): T | undefined {
    return this.values[id];
  }

  /** The id of a key when it is in the table. */
  idOf(key: string): number | undefined {
    return this.ids.get(key);
  }

  /** Ids in use. */
  get size(): number {
    return this.ids.size;
  }

  /** One past the highest id ever handed out: the length id-indexed caches need. */
  get idLimit(): number {
    return this.keys.length;
  }

  /** Sweeps when the table has grown enough since the last sweep to be worth it. */
  maybeSweep(oldestHeld: number): void {
    if (this.ids.size >= Math.max(this.minSweep, 2 * this.liveAfterSweep)) this.sweep(oldestHeld);
  }

  /** Frees every id not used at or after `oldestHeld`. */
  sweep(oldestHeld: number): void {
    let freed = 0;
    for (let id = 0; id < this.keys.length; id++) {
      const key = this.keys[id];
      if (key === undefined || (this.lastUse[id] ?? 0) >= oldestHeld) continue;
      this.ids.delete(key);
      this.keys[id] = undefined;
      this.values[id] = undefined;
      this.free.push(id);
      freed++;
    }
    this.liveAfterSweep = this.ids.size;
    if (freed > 0) this.generation++;
  }

  clear(): void {
    this.ids.clear();
    this.keys = [];
    this.values = [];
    this.free = [];
    this.liveAfterSweep = 0;
    this.generation++;
  }
}
