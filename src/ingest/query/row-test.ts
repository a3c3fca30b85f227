/**
 * A compiled filter as a test over the store's columns: no row is built and no string is
 * compared per event. Each string-valued check is decided once per distinct string id
 * (IdVerdicts) and then read from a byte array per event, so a filter over 500,000 events
 * costs a few array reads each, and a regex runs once per distinct pod / binary / namespace.
 *
 * Meaning: exactly `rowPredicate(compiled)` (compile.ts) on `store.rowView(pos)`; the search
 * part follows SEARCH_PARTS and searchTextOf (model/search-text.ts). row-test.test.ts checks
 * both agree over every test event. The CEL part (cel-test.ts) decodes each event from its
 * kept bytes and caches the verdict per position. Invariant: verdicts are keyed by intern id and dropped
 * whenever the store's tables free ids (their `generation` changes).
 */
import { ALL_KINDS, KIND_META } from "../../model/event-kind.js";
import { STRING_FIELD_INDEX } from "../../model/row.js";
import { SEARCH_PARTS, searchTextOf, SUMMARY_IN_SEARCH } from "../../model/search-text.js";
import { FILTER_FIELDS, type FilterField } from "../../filters/filter-spec.js";
import type { EventStore } from "../store/event-store.js";
import type { InternTable } from "../store/intern-table.js";
import { HAS_PID, HAS_UID, SEGMENT_SIZE, type Segment } from "../store/segments.js";
import { celTest } from "./cel-test.js";
import { timePasses, type CompiledFilters, type FieldMatcher } from "./compile.js";

/** True when the event at `slot` of `seg` passes. */
export type RowTest = (seg: Segment, slot: number) => boolean;

/** An IdVerdicts entry: not decided yet, fails, passes. */
export const UNDECIDED = 0;
export const FAILS = 1;
export const PASSES = 2;

/**
 * A yes/no per intern id, decided on first use. Batch scans (scan-plan.ts) call `sync()` once
 * per run and then read `verdicts[id]` directly, calling `decide(id)` for an UNDECIDED entry:
 * one typed-array read per event and no call.
 */
export class IdVerdicts<T> {
  private verdicts = new Uint8Array(0);
  private generation = -1;

  constructor(
    private readonly table: InternTable<T>,
    private readonly decideValue: (value: T) => boolean,
  ) {}

  /**
   * The verdicts by id, valid for every id below the table's `idLimit` until the table
   * changes (an append may free ids or add some: call again after one).
   */
  sync(): Uint8Array {
    const fresh = this.generation !== this.table.generation;
    if (fresh || this.table.idLimit > this.verdicts.length) {
      const next = new Uint8Array(Math.max(1024, this.table.idLimit * 2));
      if (!fresh) next.set(this.verdicts);
      this.verdicts = next;
      this.generation = this.table.generation;
    }
    return this.verdicts;
  }

  /** Whether `id` names a value now (ids are freed once no held event uses them). */
  live(id: number): boolean {
    return this.table.valueOrUndefined(id) !== undefined;
  }

  /** Decides `id` (after `sync()`), records and returns its verdict: FAILS or PASSES. */
  decide(id: number): number {
    const v = this.decideValue(this.table.value(id)) ? PASSES : FAILS;
    this.verdicts[id] = v;
    return v;
  }

  test(id: number): boolean {
    if (this.generation !== this.table.generation || id >= this.verdicts.length) this.sync();
    let v = this.verdicts[id] ?? UNDECIDED;
    if (v === UNDECIDED) v = this.decide(id);
    return v === PASSES;
  }
}

/** 1 per kind (index into ALL_KINDS) that passes, else 0. */
export function kindVerdicts(pass: (kind: (typeof ALL_KINDS)[number]) => boolean): Uint8Array {
  return Uint8Array.from(ALL_KINDS, (k) => (pass(k) ? 1 : 0));
}

/** One matcher as a test of one event. */
export function matcherTest(store: EventStore, m: FieldMatcher): RowTest {
  switch (m.type) {
    case "kinds": {
      if (m.labels.size === 0) {
        const ok = kindVerdicts((k) => m.kinds.has(k) !== m.negated);
        return (seg, i) => ok[seg.kind[i] ?? 0] === 1;
      }
      const byKind = kindVerdicts((k) => m.kinds.has(k));
      const base = STRING_FIELD_INDEX.verb * SEGMENT_SIZE;
      const byLabel = new IdVerdicts(store.strings, (s) => m.labels.has(s.toLowerCase()));
      return (seg, i) =>
        (byKind[seg.kind[i] ?? 0] === 1 || byLabel.test(seg.strings[base + i] ?? 0)) !== m.negated;
    }
    case "time":
      return (seg, i) => timePasses(m, seg.timeMs(i));
    case "regex": {
      const base = STRING_FIELD_INDEX[m.field] * SEGMENT_SIZE;
      const verdicts = new IdVerdicts(store.strings, (s) => m.test(s) !== m.negated);
      return (seg, i) => verdicts.test(seg.strings[base + i] ?? 0);
    }
    case "search":
      return searchTest(store, m.query);
    case "cel":
      return celTest(store, m);
  }
}

/**
 * What free-text search means, as verdicts per distinct value: the query against each part
 * SEARCH_PARTS lists. `plain` and `capped` list the string columns (STRING_FIELD_INDEX)
 * searched whole and cut to SUMMARY_IN_SEARCH; `digits` the number columns (HAS_PID/HAS_UID)
 * worth reading, none unless the query is made of digits. One definition for the per-event
 * test here and the column-wise scan (scan-plan.ts).
 */
export function searchVerdicts(store: EventStore, query: string) {
  const has = (s: string) => s.toLowerCase().includes(query);
  const plainColumns: number[] = [];
  const cappedColumns: number[] = [];
  let numbers = 0;
  for (const part of SEARCH_PARTS) {
    if (part.type === "string") {
      const column = STRING_FIELD_INDEX[part.field];
      (part.cap === SUMMARY_IN_SEARCH ? cappedColumns : plainColumns).push(column);
    } else if (part.type === "number") numbers |= part.field === "pid" ? HAS_PID : HAS_UID;
  }
  return {
    field: new IdVerdicts(store.strings, has),
    capped: new IdVerdicts(store.strings, (s) => has(s.slice(0, SUMMARY_IN_SEARCH))),
    labels: new IdVerdicts(store.labelLists, (l) => has(l.join(" "))),
    kinds: kindVerdicts((k) => has(KIND_META[k].label) || has(k)),
    plainColumns,
    cappedColumns,
    // A decimal number can only contain a query made of digits.
    digits: /^\d+$/.test(query) ? numbers : 0,
  };
}

/** Free-text search: the query against each part SEARCH_PARTS lists, per distinct value. */
function searchTest(store: EventStore, query: string): RowTest {
  if (query.includes("\n")) {
    // A query spanning a line break can only match across parts: use the text itself.
    return (seg, i) => searchTextOf(store.rowView(seg.index * SEGMENT_SIZE + i)).includes(query);
  }
  const { field, capped, labels, kinds, plainColumns, cappedColumns, digits } = searchVerdicts(
    store,
    query,
  );
  const plain = plainColumns.map((c) => c * SEGMENT_SIZE);
  const cappedFields = cappedColumns.map((c) => c * SEGMENT_SIZE);
  return (seg, i) => {
    if (kinds[seg.kind[i] ?? 0] === 1) return true;
    for (const base of plain) if (field.test(seg.strings[base + i] ?? 0)) return true;
    for (const base of cappedFields) if (capped.test(seg.strings[base + i] ?? 0)) return true;
    if (labels.test(seg.labels[i] ?? 0)) return true;
    if (digits !== 0) {
      const flags = seg.flags[i] ?? 0;
      if (digits & flags & HAS_PID && String(seg.pid[i]).includes(query)) return true;
      if (digits & flags & HAS_UID && String(seg.uid[i]).includes(query)) return true;
    }
    return false;
  };
}

/** Evaluation order: cheap checks first, so regex and search see fewer events. */
const RANK: Readonly<Record<FilterField, number>> = {
  from: 0,
  to: 0,
  eventType: 0,
  namespace: 1,
  pod: 2,
  binary: 3,
  policy: 4,
  search: 5,
  // Decodes the event: last, on what the other fields let through.
  cel: 6,
};
const ORDER = [...FILTER_FIELDS].sort((x, y) => RANK[x] - RANK[y]);

/** The matchers in force, in evaluation order. */
export function activeMatchers(compiled: CompiledFilters): FieldMatcher[] {
  return ORDER.map((f) => compiled.active[f]).filter((m): m is FieldMatcher => m !== undefined);
}

/** The column test of a compiled spec, or null when every event passes. */
export function columnTest(store: EventStore, compiled: CompiledFilters): RowTest | null {
  const tests = activeMatchers(compiled).map((m) => matcherTest(store, m));
  const [a, b, c] = tests;
  if (a === undefined) return null;
  if (b === undefined) return a;
  if (c === undefined) return (seg, i) => a(seg, i) && b(seg, i);
  return (seg, i) => {
    for (const t of tests) if (!t(seg, i)) return false;
    return true;
  };
}

/**
 * Rules out whole segments for a time window: true when no event of `seg` can pass (its
 * time range lies outside the window; events without a time never pass one). Null when no
 * filter can rule out a segment. Arrival order is close to time order, so a narrow window
 * over a large buffer tests the few segments that overlap it and skips the rest.
 */
export function segmentSkip(compiled: CompiledFilters): ((seg: Segment) => boolean) | null {
  const { from, to } = compiled.active;
  const lo = from?.type === "time" ? from.ms : -Infinity;
  const hi = to?.type === "time" ? to.ms : Infinity;
  if (lo === -Infinity && hi === Infinity) return null;
  return (seg) => !(seg.maxMs >= lo && seg.minMs < hi);
}
