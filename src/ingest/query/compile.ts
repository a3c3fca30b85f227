/**
 * FilterSpec -> per-field matchers, compiled once per spec change in the ingest worker (the
 * page never loads the regex engine). Regex fields use RE2 (re2js: Tetragon's own regex
 * semantics, linear time), unanchored; a pattern without metacharacters is a plain substring
 * test. `rowPredicate` states what a compiled spec means for one row; the worker's column
 * scan (row-test.ts) implements the same meaning without building rows.
 *
 * The CEL field is compiled with Tetragon's CEL environment (src/tetra/cel.ts: parse, check,
 * plan) once per change of its text: an unchanged expression keeps its compiled program (and
 * with it the per-position verdicts row-test.ts caches for it). It needs the whole event, so
 * only the column test can apply it (from each event's kept bytes).
 *
 * Invalid input is reported per field and never throws. Pass the previous result as `prev`
 * and an invalid field keeps its last valid matcher, so the table keeps its rows while the
 * user is mid-edit (e.g. typing "(" on the way to "(a|b)").
 */
import { RE2JS } from "re2js";
import { compileCel, type CelFilter } from "../../tetra/cel.js";
import type { EventKind } from "../../model/event-kind.js";
import type { RowView } from "../../model/row.js";
import { searchTextOf } from "../../model/search-text.js";
import { typeFromName } from "../../model/type-names.js";
import type { FilterField, FilterSpec } from "../../filters/filter-spec.js";
import { FILTER_FIELDS, splitNegation } from "../../filters/filter-spec.js";
import { parseTimeBound } from "../../filters/time-bound.js";

/** A regex field's row field. */
export type RegexField = "pod" | "namespace" | "binary" | "policy";

export type FieldMatcher =
  | {
      readonly type: "regex";
      readonly field: RegexField;
      readonly negated: boolean;
      /** The (unnegated) pattern's test on one value; may memoise per value. */
      readonly test: (s: string) => boolean;
    }
  | {
      readonly type: "kinds";
      readonly negated: boolean;
      readonly kinds: ReadonlySet<EventKind>;
      /** Type column labels (RowView.verb), lower-cased: an event passes by kind or label. */
      readonly labels: ReadonlySet<string>;
    }
  /** The time window's bound: from = at or after `ms`, to = before `ms` (epoch ms). */
  | { readonly type: "time"; readonly bound: "from" | "to"; readonly ms: number }
  /** Lower-cased, trimmed, never empty. */
  | { readonly type: "search"; readonly query: string }
  /** A Tetragon CEL expression over the whole event (trimmed source, never empty). */
  | { readonly type: "cel"; readonly source: string; readonly filter: CelFilter };

/** A field's compiled form: no constraint, a matcher, or an error message for the input. */
export type FieldResult =
  | { readonly ok: true; readonly matcher: FieldMatcher | undefined }
  | { readonly ok: false; readonly error: string };

export interface CompiledFilters {
  /** True when every field compiled. */
  readonly ok: boolean;
  /** Per-field messages for the inputs; empty when ok. */
  readonly errors: Partial<Record<FilterField, string>>;
  /** Per field: the matcher in force (undefined = no constraint). Feed back as `prev`. */
  readonly active: Readonly<Record<FilterField, FieldMatcher | undefined>>;
}

const MAX_MEMO = 50_000;

function syntaxMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/^error parsing regexp:\s*/, "invalid pattern: ");
}

/** Compiles an RE2 pattern to a string test, or returns the error message. */
export function compileRegex(pattern: string): ((s: string) => boolean) | string {
  // No metacharacters: a substring test is what the regex would do, minus the engine.
  if (!/[\\^$.|?*+()[\]{}]/.test(pattern)) return (s) => s.includes(pattern);
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    return syntaxMessage(e);
  }
  const memo = new Map<string, boolean>();
  return (s) => {
    const hit = memo.get(s);
    if (hit !== undefined) return hit;
    const v = re.test(s);
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(s, v);
    return v;
  };
}

function regexField(field: RegexField, value: string): FieldResult {
  const { negated, body } = splitNegation(value);
  if (body === "") return { ok: true, matcher: undefined };
  const test = compileRegex(body);
  if (typeof test === "string") return { ok: false, error: test };
  return { ok: true, matcher: { type: "regex", field, negated, test } };
}

function eventTypeField(value: string): FieldResult {
  const { negated, body } = splitNegation(value);
  const names = body
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0) return { ok: true, matcher: undefined };
  const kinds = new Set<EventKind>();
  const labels = new Set<string>();
  const bad: string[] = [];
  for (const n of names) {
    const t = typeFromName(n);
    if (t === undefined) bad.push(n);
    else if ("kind" in t) kinds.add(t.kind);
    else labels.add(t.label);
  }
  if (bad.length > 0) {
    return {
      ok: false,
      error: `unknown event type ${bad.map((b) => `"${b}"`).join(", ")}: use a name the Type column shows (process, open, connect, write…), a kind (exec, kprobe…) or Tetragon's (PROCESS_EXEC)`,
    };
  }
  return { ok: true, matcher: { type: "kinds", negated, kinds, labels } };
}

function timeField(bound: "from" | "to", value: string): FieldResult {
  if (value.trim() === "") return { ok: true, matcher: undefined };
  const t = parseTimeBound(value);
  if (!t.ok) return { ok: false, error: t.error };
  return { ok: true, matcher: { type: "time", bound, ms: bound === "from" ? t.startMs : t.endMs } };
}

/** Whether an event time (epoch ms; NaN = none) is inside a time bound. */
export function timePasses(m: { readonly bound: "from" | "to"; readonly ms: number }, t: number) {
  return m.bound === "from" ? t >= m.ms : t < m.ms;
}

function searchField(value: string): FieldResult {
  const query = value.trim().toLowerCase();
  return { ok: true, matcher: query === "" ? undefined : { type: "search", query } };
}

function celField(value: string, prev: FieldMatcher | undefined): FieldResult {
  const source = value.trim();
  if (source === "") return { ok: true, matcher: undefined };
  if (prev?.type === "cel" && prev.source === source) return { ok: true, matcher: prev };
  const compiled = compileCel([source]);
  if (!compiled.ok) return { ok: false, error: `CEL: ${compiled.error}` };
  return { ok: true, matcher: { type: "cel", source, filter: compiled.filter } };
}

/** Compiles one field; `prev` is the field's matcher in force (reused when unchanged). */
export function compileField(field: FilterField, value: string, prev?: FieldMatcher): FieldResult {
  switch (field) {
    case "cel":
      return celField(value, prev);
    case "pod":
    case "namespace":
    case "binary":
    case "policy":
      return regexField(field, value);
    case "eventType":
      return eventTypeField(value);
    case "search":
      return searchField(value);
    case "from":
    case "to":
      return timeField(field, value);
  }
}

/** Compiles a spec; `prev` supplies the last valid matcher of fields that are invalid now. */
export function compileFilters(spec: FilterSpec, prev?: CompiledFilters): CompiledFilters {
  const errors: Partial<Record<FilterField, string>> = {};
  const active = {} as Record<FilterField, FieldMatcher | undefined>;
  for (const field of FILTER_FIELDS) {
    const r = compileField(field, spec[field], prev?.active[field]);
    if (r.ok) {
      active[field] = r.matcher;
    } else {
      errors[field] = r.error;
      active[field] = prev?.active[field];
    }
  }
  return { ok: Object.keys(errors).length === 0, errors, active };
}

/** True when no field constrains: every event matches. */
export function matchesAll(c: CompiledFilters): boolean {
  return FILTER_FIELDS.every((f) => c.active[f] === undefined);
}

/** Whether one row passes one matcher. */
export function rowPasses(m: FieldMatcher, row: RowView): boolean {
  switch (m.type) {
    case "regex":
      return m.test(row[m.field]) !== m.negated;
    case "kinds":
      return (m.kinds.has(row.kind) || m.labels.has(row.verb.toLowerCase())) !== m.negated;
    case "search":
      return searchTextOf(row).includes(m.query);
    case "cel":
      // A row holds only what the table shows; CEL reads the whole event.
      throw new Error("a CEL filter needs the event: use columnTest (row-test.ts)");
    case "time":
      return timePasses(m, row.timeMs);
  }
}

/** The meaning of a compiled spec for one row: every active field passes. */
export function rowPredicate(c: CompiledFilters): (row: RowView) => boolean {
  const matchers = FILTER_FIELDS.map((f) => c.active[f]).filter(
    (m): m is FieldMatcher => m !== undefined,
  );
  return (row) => matchers.every((m) => rowPasses(m, row));
}
