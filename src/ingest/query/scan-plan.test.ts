import { toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../../gen/tetragon/events_pb";
import { EMPTY_FILTERS, type FilterSpec } from "../../filters/filter-spec";
import { searchTextOf } from "../../model/search-text";
import { encodedCorpus } from "../../testing/event-corpus";
import { loadRealEvents } from "../../testing/real-events";
import { wideFamily } from "../../testing/synthetic-tree";
import { EventStore } from "../store/event-store";
import { SEGMENT_SIZE, SLOT_MASK } from "../store/segments";
import { compileFilters, rowPredicate } from "./compile";
import { columnTest } from "./row-test";
import { scanPlan, type ScanPlan } from "./scan-plan";
import { distinctIds, summarize } from "./segment-summary";
import { STRING_FIELDS } from "../../model/row";

const corpus = encodedCorpus().filter((e) => e.bytes.length < 100_000);
/** Processes with their own exec_id, arguments and pid: strings no other event uses. */
const family = wideFamily(11_000).events.map((e) => toBinary(GetEventsResponseSchema, e));

/**
 * A buffer that has wrapped: more than three segments held, the oldest one partly evicted,
 * and enough distinct strings that the intern table has freed ids (and reused some) under the
 * held segments' summaries.
 */
function wrappedStore(): EventStore {
  const store = new EventStore({ capacity: 3 * SEGMENT_SIZE + 1000 });
  for (let i = 0; store.received < 5 * SEGMENT_SIZE; i++) {
    store.append(corpus[i % corpus.length]!.bytes);
    if (i % 3 === 0) store.append(family[(i / 3) % family.length]!);
  }
  return store;
}

const store = wrappedStore();
const rows = Array.from({ length: store.size }, (_, i) => store.rowView(store.start + i));
const texts = rows.map(searchTextOf);

/** Positions the plan selects, scanning [from, to) in `chunk`-sized pieces as tab-view does. */
function planned(plan: ScanPlan, from = store.start, to = store.end): number[] {
  const sel = new Int32Array(SEGMENT_SIZE);
  const out: number[] = [];
  for (let pos = from; pos < to;) {
    const seg = store.segment(pos);
    const base = seg.index * SEGMENT_SIZE;
    const stop = Math.min(to, base + SEGMENT_SIZE, pos + plan.chunk);
    if (plan.skip?.(seg) === true) {
      pos = Math.min(to, base + SEGMENT_SIZE);
      continue;
    }
    const n = plan.select(seg, pos - base, stop - base, sel);
    for (let k = 0; k < n; k++) out.push(base + sel[k]!);
    pos = stop;
  }
  return out;
}

/** The plain scan: columnTest on every held position. */
function scanned(spec: Partial<FilterSpec>): number[] {
  const test = columnTest(store, compileFilters({ ...EMPTY_FILTERS, ...spec }));
  const out: number[] = [];
  for (let pos = store.start; pos < store.end; pos++)
    if (test === null || test(store.segment(pos), pos & SLOT_MASK)) out.push(pos);
  return out;
}

/** What the filters mean, row by row (rowPredicate; search as the row's text). */
function meant(spec: Partial<FilterSpec>): number[] {
  const compiled = compileFilters({ ...EMPTY_FILTERS, ...spec });
  const search = compiled.active.search;
  const pass =
    search?.type === "search" && Object.keys(spec).length === 1
      ? (_i: number, at: number) => texts[at]!.includes(search.query)
      : (_i: number, at: number) => rowPredicate(compiled)(rows[at]!);
  const out: number[] = [];
  for (let at = 0; at < rows.length; at++) if (pass(0, at)) out.push(store.start + at);
  return out;
}

function agree(spec: Partial<FilterSpec>): number {
  const compiled = compileFilters({ ...EMPTY_FILTERS, ...spec });
  expect(compiled.errors).toEqual({});
  const plan = scanPlan(store, compiled);
  expect(plan).not.toBeNull();
  const got = planned(plan!);
  expect(got).toEqual(scanned(spec));
  if (spec.cel === undefined) expect(got).toEqual(meant(spec));
  // A second run reads the verdicts and summaries the first one left.
  expect(planned(plan!)).toEqual(got);
  return got.length;
}

describe("scanPlan selects exactly what the plain scan does", () => {
  it("the test buffer has wrapped, freed ids, and full segments", () => {
    expect(store.start).toBeGreaterThan(0);
    expect(store.start % SEGMENT_SIZE).not.toBe(0);
    expect(store.strings.generation).toBeGreaterThan(0);
    expect(store.size).toBeGreaterThan(3 * SEGMENT_SIZE);
  });

  it("no filter: nothing to scan", () => {
    expect(scanPlan(store, compileFilters(EMPTY_FILTERS))).toBeNull();
  });

  it.each<Partial<FilterSpec>>([
    { pod: "xwing" },
    { pod: "^xwing$" },
    { pod: "!xwing" },
    { pod: "(?i)DEATHSTAR" },
    { pod: "tiefighter|xwing" },
    { namespace: "^kube-" },
    { binary: "curl" },
    { binary: "^/usr/bin/" },
    { binary: "!sh" },
    { binary: "(cat|ls)$" },
    { binary: "(?i)/USR/BIN/CC" },
    { binary: "!^/usr/bin/" },
    { eventType: "exec,exit" },
    { eventType: "!kprobe" },
    { eventType: "Write", pod: "." },
    { eventType: "!write,exec" },
    { policy: "!." },
    { pod: "a", namespace: "!kube", binary: "/", eventType: "!exit" },
    { binary: "cc", search: "f1" },
    { from: "2022-01-19T16:29Z" },
    { from: "2021-01-01", to: "2023-01-01", eventType: "exit" },
    { cel: "process_exec.process.pid > 5000u", binary: "cc|curl" },
  ])("%j", (spec) => {
    agree(spec);
  });

  it.each(["kube", "k", "xwing", "a2lk12", "f2999.c", "4242", "0", "process", "app=", "a\nb"])(
    "search %j",
    (search) => {
      agree({ search });
    },
  );

  it("search: 100 substrings sampled from the events' own text", () => {
    let x = 7;
    const pick = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % n;
    };
    let hits = 0;
    for (let q = 0; q < 100; q++) {
      const text = texts[pick(texts.length)]!;
      const at = pick(Math.max(1, text.length));
      const query = text.slice(at, at + 1 + pick(10)).trim();
      if (query === "" || query.includes("\n")) continue;
      if (agree({ search: q % 3 === 0 ? query.toUpperCase() : query }) > 0) hits++;
    }
    expect(hits).toBeGreaterThan(50);
  });

  it("a range inside a segment selects only that range (catch-up and sliced scans)", () => {
    const plan = scanPlan(store, compileFilters({ ...EMPTY_FILTERS, binary: "!sh" }))!;
    const all = planned(plan);
    const from = store.start + 5000;
    const to = store.end - 3000;
    expect(planned(plan, from, to)).toEqual(all.filter((p) => p >= from && p < to));
  });

  it("an invalid pattern keeps the last valid matcher, and so selects what it did", () => {
    const valid = compileFilters({ ...EMPTY_FILTERS, pod: "xwing|deathstar" });
    const invalid = compileFilters({ ...EMPTY_FILTERS, pod: "(xwing" }, valid);
    expect(invalid.errors.pod).toBeDefined();
    expect(planned(scanPlan(store, invalid)!)).toEqual(planned(scanPlan(store, valid)!));
  });
});

describe("segment summaries", () => {
  it("list each column's distinct ids in a full segment, or null past SEGMENT_SIZE / 8", () => {
    const seg = store.segment(store.end - 2 * SEGMENT_SIZE);
    summarize(seg, store.strings.idLimit);
    let listed = 0;
    let unlisted = 0;
    STRING_FIELDS.forEach((_, column) => {
      const ids = new Set(seg.strings.subarray(column * SEGMENT_SIZE, (column + 1) * SEGMENT_SIZE));
      const got = distinctIds(seg, column, store.strings.idLimit);
      if (ids.size > SEGMENT_SIZE / 8) {
        expect(got).toBeNull();
        unlisted++;
      } else {
        expect(new Set(got)).toEqual(ids);
        expect(got!.length).toBe(ids.size);
        listed++;
      }
    });
    expect(listed).toBeGreaterThan(0);
    expect(unlisted).toBeGreaterThan(0);
  });
});

describe("on real Tetragon events", () => {
  const real = loadRealEvents();
  it.skipIf(real === undefined)("every field over the real events, as rowPredicate means", () => {
    const events = real!.map((e) => toBinary(GetEventsResponseSchema, e.res));
    const own = new EventStore({ capacity: 2 * SEGMENT_SIZE });
    while (own.received < 2 * SEGMENT_SIZE + 100) for (const e of events) own.append(e);
    const ownRows = Array.from({ length: own.size }, (_, i) => own.rowView(own.start + i));
    const specs: Partial<FilterSpec>[] = [
      { pod: "xwing" },
      { namespace: "!default" },
      { binary: "(?i)CURL|nc$" },
      { eventType: "kprobe" },
      { search: "tetragon" },
      { search: "xwing" },
    ];
    for (const spec of specs) {
      const compiled = compileFilters({ ...EMPTY_FILTERS, ...spec });
      const plan = scanPlan(own, compiled)!;
      const sel = new Int32Array(SEGMENT_SIZE);
      const got: number[] = [];
      for (let pos = own.start; pos < own.end;) {
        const seg = own.segment(pos);
        const base = seg.index * SEGMENT_SIZE;
        const stop = Math.min(own.end, base + SEGMENT_SIZE);
        const n = plan.select(seg, pos - base, stop - base, sel);
        for (let k = 0; k < n; k++) got.push(base + sel[k]!);
        pos = stop;
      }
      const want = ownRows.flatMap((r, i) => (rowPredicate(compiled)(r) ? [own.start + i] : []));
      expect(got, JSON.stringify(spec)).toEqual(want);
    }
  });
});
