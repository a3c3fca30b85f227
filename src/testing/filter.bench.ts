/**
 * Micro benchmark of the filter hot path: 200,000 rows through a compiled predicate.
 * Run with `npx vitest bench src/testing/filter.bench.ts` (not part of the unit tests; no
 * timing is asserted anywhere). The goal is well under 100 ms per full pass.
 */
import { bench, describe } from "vitest";
import type { EventRow } from "../model/event-row.js";
import { toEventRow } from "../decode/to-event-row.js";
import { allSyntheticEvents } from "./synthetic-events.js";
import { applyFilter, compileFilters } from "../filters/compile.js";
import { EMPTY_FILTERS } from "../filters/filter-spec.js";

const templates = allSyntheticEvents()
  .map((e, i) => toEventRow(e, i))
  .filter((r) => r.arguments.length < 10_000);
const rows: EventRow[] = [];
for (let i = 0; i < 200_000; i++) {
  const t = templates[i % templates.length]!;
  rows.push({ ...t, seq: i, pod: `${t.pod}-${i % 300}`, binary: `${t.binary}${i % 50}` });
}

describe("filter 200k rows", () => {
  const cases = {
    regex: compileFilters({ ...EMPTY_FILTERS, pod: "^xwing-(1|2)", binary: "(?i)CURL" }),
    negated: compileFilters({ ...EMPTY_FILTERS, binary: "!^/usr/bin/curl1$|^/bin/sh$" }),
    literal: compileFilters({ ...EMPTY_FILTERS, pod: "xwing" }),
    search: compileFilters({ ...EMPTY_FILTERS, search: "/etc/passwd" }),
    everything: compileFilters({
      pod: "xwing",
      namespace: "^default$",
      binary: "curl",
      eventType: "exec,kprobe",
      search: "ebpf",
    }),
  };
  for (const [name, c] of Object.entries(cases)) {
    bench(name, () => {
      applyFilter(rows, c.predicate);
    });
  }
});
