import { toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../../gen/tetragon/events_pb";
import { EMPTY_FILTERS, type FilterSpec } from "../../filters/filter-spec";
import { searchTextOf } from "../../model/search-text";
import { encodedCorpus } from "../../testing/event-corpus";
import { family } from "../../testing/synthetic-tree";
import { EventStore } from "../store/event-store";
import { SLOT_MASK } from "../store/segments";
import { compileFilters, rowPredicate } from "./compile";
import { columnTest } from "./row-test";

const store = new EventStore({ capacity: 10_000 });
for (const e of encodedCorpus()) store.append(e.bytes);
const rows = Array.from({ length: store.size }, (_, i) => store.rowView(store.start + i));
const texts = rows.map(searchTextOf);

/** Deterministic pseudo-random picks (a fixed LCG), so failures reproduce. */
function picker(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
}

/** Substrings of real search texts (hits), across case and part boundaries. */
function sampledQueries(count: number): string[] {
  const pick = picker(7);
  const out: string[] = [];
  while (out.length < count) {
    const text = texts[pick(rows.length)]!;
    const at = pick(Math.max(1, text.length));
    const q = text.slice(at, at + 1 + pick(12));
    out.push(out.length % 3 === 0 ? q.toUpperCase() : q);
  }
  return out;
}

function agree(spec: Partial<FilterSpec>): number {
  const compiled = compileFilters({ ...EMPTY_FILTERS, ...spec });
  expect(compiled.errors).toEqual({});
  const search = compiled.active.search;
  // rowPredicate, with each row's search text built once for the whole test.
  const reference =
    search?.type === "search" && Object.keys(spec).length === 1
      ? (_row: unknown, i: number) => texts[i]!.includes(search.query)
      : (row: (typeof rows)[number]) => rowPredicate(compiled)(row);
  const test = columnTest(store, compiled);
  let hits = 0;
  for (let pos = store.start; pos < store.end; pos++) {
    const want = reference(rows[pos - store.start]!, pos - store.start);
    const got = test === null ? true : test(store.segment(pos), pos & SLOT_MASK);
    expect(got, `${JSON.stringify(spec)} at ${String(pos)}`).toBe(want);
    if (want) hits++;
  }
  return hits;
}

describe("columnTest means what rowPredicate means", () => {
  it("no filter: every event passes (and no test is needed)", () => {
    expect(columnTest(store, compileFilters(EMPTY_FILTERS))).toBeNull();
  });

  it.each<Partial<FilterSpec>>([
    { pod: "xwing" },
    { pod: "^xwing$" },
    { pod: "!xwing" },
    { pod: "(?i)DEATHSTAR" },
    { namespace: "^kube-" },
    { binary: "curl|wget" },
    { binary: "!^/usr/bin/" },
    { eventType: "exec,exit" },
    { eventType: "!kprobe" },
    { policy: "." },
    { policy: "!." },
    { policy: "(?i)NETWORK|file" },
    { eventType: "process_lsm", pod: "." },
    { pod: "a", namespace: "!kube", binary: "/", eventType: "!exit" },
    { eventType: "connect,open" },
    { eventType: "!write,exec" },
    { eventType: "Write", pod: "." },
    { from: "2022-01-19T16:29Z" },
    { to: "2022-01-19" },
    { from: "2021-01-01", to: "2023-01-01", eventType: "exit" },
  ])("%j", (spec) => {
    agree(spec);
  });

  it.each([
    "xwing",
    "app=",
    "4242",
    "0",
    "process",
    "lsm",
    "rate limit",
    "🛑 cap_sys_admin",
    "⟨",
    "\u202e",
    "hugeargument",
    "nothing-matches-this",
    "a\nb",
  ])("search %j", (search) => {
    agree({ search });
  });

  it("search: 200 substrings sampled from the events' own text, most of them hits", () => {
    let hitQueries = 0;
    for (const search of sampledQueries(200)) if (agree({ search }) > 0) hitQueries++;
    expect(hitQueries).toBeGreaterThan(150);
  });
});

describe("search by exec_id", () => {
  it("finds every event of a process and of its children, and nothing else", () => {
    const f = family();
    const tree = new EventStore({ capacity: 100 });
    for (const e of f.events) tree.append(toBinary(GetEventsResponseSchema, e));
    const matched = (query: string) => {
      const test = columnTest(tree, compileFilters({ ...EMPTY_FILTERS, search: query }));
      const out: string[] = [];
      for (let pos = tree.start; pos < tree.end; pos++) {
        if (test?.(tree.segment(pos), pos & SLOT_MASK) === true) {
          const r = tree.rowView(pos);
          out.push(`${r.kind} ${r.binary}`);
        }
      }
      return out;
    };
    // curl's own events (exec, two kprobes, exit); it has no children.
    expect(matched(f.curl.execId)).toEqual([
      "exec /usr/bin/curl",
      "kprobe /usr/bin/curl",
      "kprobe /usr/bin/curl",
      "exit /usr/bin/curl",
    ]);
    // sh: its exec, and its child nc's events (whose parent exec_id it is).
    expect(matched(f.sh.execId)).toEqual([
      "exec /bin/sh",
      "exec /usr/bin/nc",
      "kprobe /usr/bin/nc",
    ]);
  });
});
