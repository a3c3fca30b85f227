/**
 * A compiled filter as a batch scan of the store's columns, one segment range at a time: the
 * form a tab's view uses to scan the buffer (tab-view.ts). `select(seg, from, to, sel)` writes
 * the slots in [from, to) that pass into `sel`, ascending, and returns how many.
 *
 * Each active field is a stage that keeps the passing slots of a selection, in the order of
 * row-test.ts (cheap, selective fields first), so the costly fields (search, CEL) only see
 * what the others let through. The string fields the bench and users filter most (pod,
 * binary, namespace, policy; event type) are plain loops over a column reading a verdict per
 * intern id from a byte table (IdVerdicts): one typed-array read per event and no call, where
 * a RowTest costs a closure call per field per event. Search reads ~25 columns per event:
 * its stage inlines them the same way.
 *
 * Meaning: exactly columnTest (row-test.ts), which is rowPredicate (compile.ts);
 * scan-plan.test.ts checks the positions of both over real and synthetic events.
 */
import { STRING_FIELD_INDEX } from "../../model/row.js";
import type { EventStore } from "../store/event-store.js";
import { HAS_PID, HAS_UID, SEGMENT_SIZE, type Segment } from "../store/segments.js";
import type { CompiledFilters, FieldMatcher } from "./compile.js";
import { distinctIds } from "./segment-summary.js";
import {
  activeMatchers,
  IdVerdicts,
  kindVerdicts,
  matcherTest,
  PASSES,
  searchVerdicts,
  segmentSkip,
  UNDECIDED,
  type RowTest,
} from "./row-test.js";

/**
 * Keeps the passing slots among sel[0, n) (in order); returns how many are left. `full`: every
 * slot of `seg` is written (its columns will not change).
 */
type Stage = (seg: Segment, sel: Int32Array, n: number, full: boolean) => number;

export interface ScanPlan {
  /** Writes the passing slots of [from, to) of `seg` into `sel`, ascending; returns the count. */
  select(seg: Segment, from: number, to: number, sel: Int32Array): number;
  /**
   * Events to scan between two looks at the clock: a whole segment when every stage costs a
   * few array reads per event, a few hundred when one decodes events (CEL) or builds texts.
   */
  readonly chunk: number;
  /** True when no event of `seg` can pass (a time window), else null: see segmentSkip. */
  readonly skip: ((seg: Segment) => boolean) | null;
}

/** Events per clock look for a plan with a slow stage (CEL: µs to tens of µs per event). */
const SLOW_CHUNK = 512;

/** A string field's stage: the column's intern id, then its verdict. */
function columnStage(field: number, verdicts: IdVerdicts<string>): Stage {
  const base = field * SEGMENT_SIZE;
  return (seg, sel, n) => {
    const table = verdicts.sync();
    const col = seg.strings;
    let out = 0;
    for (let k = 0; k < n; k++) {
      const i = sel[k] ?? 0;
      const id = col[base + i] ?? 0;
      let v = table[id] ?? UNDECIDED;
      if (v === UNDECIDED) v = verdicts.decide(id);
      if (v === PASSES) sel[out++] = i;
    }
    return out;
  };
}

function kindStage(pass: Uint8Array): Stage {
  return (seg, sel, n) => {
    const kinds = seg.kind;
    let out = 0;
    for (let k = 0; k < n; k++) {
      const i = sel[k] ?? 0;
      if (pass[kinds[i] ?? 0] === 1) sel[out++] = i;
    }
    return out;
  };
}

function testStage(test: RowTest): Stage {
  return (seg, sel, n) => {
    let out = 0;
    for (let k = 0; k < n; k++) {
      const i = sel[k] ?? 0;
      if (test(seg, i)) sel[out++] = i;
    }
    return out;
  };
}

/** Free-text search as searchTest (row-test.ts) means it, its per-id verdicts read inline. */
function searchStage(store: EventStore, query: string): Stage {
  const {
    field,
    capped,
    labels,
    kinds,
    plainColumns: plain,
    cappedColumns: cappedFields,
    digits,
  } = searchVerdicts(store, query);
  // Column by column (each column read in order, not 25 columns per event), over `rest`:
  // the indexes into the selection of the slots no part has matched yet, so once a part
  // matches an event the other columns skip it. `hit` marks the matched ones. In a full
  // segment, a column whose distinct ids all fail is skipped, and one whose ids all pass lets
  // every event through (segment-summary.ts): most columns hold a few values per segment.
  const hit = new Uint8Array(SEGMENT_SIZE);
  const rest = new Int32Array(SEGMENT_SIZE);
  const NONE = 0;
  const ALL = 1;
  const SOME = 2;
  /** What the ids of a full segment's column say: no event passes, every one, or some. */
  const verdictOfColumn = (seg: Segment, column: number, verdicts: IdVerdicts<string>) => {
    const ids = distinctIds(seg, column, store.strings.idLimit);
    if (ids === null) return SOME;
    const table = verdicts.sync();
    let passing = 0;
    for (const id of ids) {
      let v = table[id] ?? UNDECIDED;
      // An id only evicted events of this segment used may be free (or reused) by now: it
      // says nothing about the events held, whose ids are live.
      if (v === UNDECIDED) v = verdicts.live(id) ? verdicts.decide(id) : UNDECIDED;
      if (v === PASSES) passing++;
      else if (v === UNDECIDED) return SOME;
    }
    return passing === 0 ? NONE : passing === ids.length ? ALL : SOME;
  };
  /**
   * Marks the slots of rest[0, m) whose value in `column` passes and drops them from `rest`;
   * returns how many are left, or -1 when every event of the segment passes.
   */
  const markColumn = (
    seg: Segment,
    column: number,
    verdicts: IdVerdicts<string>,
    sel: Int32Array,
    m: number,
    full: boolean,
  ): number => {
    if (full) {
      const says = verdictOfColumn(seg, column, verdicts);
      if (says === NONE) return m;
      if (says === ALL) return -1;
    }
    const table = verdicts.sync();
    const strings = seg.strings;
    const base = column * SEGMENT_SIZE;
    let left = 0;
    for (let r = 0; r < m; r++) {
      const k = rest[r] ?? 0;
      const id = strings[base + (sel[k] ?? 0)] ?? 0;
      let v = table[id] ?? UNDECIDED;
      if (v === UNDECIDED) v = verdicts.decide(id);
      if (v === PASSES) hit[k] = 1;
      else rest[left++] = k;
    }
    return left;
  };
  return (seg, sel, n, full) => {
    // The one-read parts first (kind, labels, digits), then the columns on what is left.
    const labelTable = labels.sync();
    let m = 0;
    for (let k = 0; k < n; k++) {
      const i = sel[k] ?? 0;
      let found = kinds[seg.kind[i] ?? 0] === 1;
      if (!found) {
        const id = seg.labels[i] ?? 0;
        let v = labelTable[id] ?? UNDECIDED;
        if (v === UNDECIDED) v = labels.decide(id);
        found = v === PASSES;
      }
      if (!found && digits !== 0) {
        const flags = seg.flags[i] ?? 0;
        found =
          ((digits & flags & HAS_PID) !== 0 && String(seg.pid[i]).includes(query)) ||
          ((digits & flags & HAS_UID) !== 0 && String(seg.uid[i]).includes(query));
      }
      hit[k] = found ? 1 : 0;
      if (!found) rest[m++] = k;
    }
    for (let c = 0; c < plain.length && m > 0; c++)
      m = markColumn(seg, plain[c] ?? 0, field, sel, m, full);
    for (let c = 0; c < cappedFields.length && m > 0; c++)
      m = markColumn(seg, cappedFields[c] ?? 0, capped, sel, m, full);
    if (m < 0) return n;
    let out = 0;
    for (let k = 0; k < n; k++) if (hit[k] === 1) sel[out++] = sel[k] ?? 0;
    return out;
  };
}

function stageOf(store: EventStore, m: FieldMatcher): Stage {
  switch (m.type) {
    case "regex":
      return columnStage(
        STRING_FIELD_INDEX[m.field],
        new IdVerdicts(store.strings, (s) => m.test(s) !== m.negated),
      );
    case "kinds":
      return m.labels.size === 0
        ? kindStage(kindVerdicts((k) => m.kinds.has(k) !== m.negated))
        : testStage(matcherTest(store, m));
    case "search":
      // A query spanning a line break matches across parts: only the row's text can say.
      return m.query.includes("\n")
        ? testStage(matcherTest(store, m))
        : searchStage(store, m.query);
    case "time":
    case "cel":
      return testStage(matcherTest(store, m));
  }
}

function isSlow(m: FieldMatcher): boolean {
  return m.type === "cel" || (m.type === "search" && m.query.includes("\n"));
}

/** The scan plan of a compiled spec, or null when every event passes. */
export function scanPlan(store: EventStore, compiled: CompiledFilters): ScanPlan | null {
  const matchers = activeMatchers(compiled);
  if (matchers.length === 0) return null;
  const stages = matchers.map((m) => stageOf(store, m));
  return {
    select(seg, from, to, sel) {
      let n = 0;
      for (let i = from; i < to; i++) sel[n++] = i;
      // `to` is the segment's end only when its last slot is held, hence written.
      const full = to === SEGMENT_SIZE;
      for (let s = 0; s < stages.length && n > 0; s++)
        n = (stages[s] ?? (() => 0))(seg, sel, n, full);
      return n;
    },
    chunk: matchers.some(isSlow) ? SLOW_CHUNK : SEGMENT_SIZE,
    skip: segmentSkip(compiled),
  };
}
