/**
 * "Only this" / "hide this" from a table cell or the detail pane: spec -> new spec, with the
 * clicked value quoted for RE2 so "/usr/bin/c++" or "a.b" match literally and exactly.
 *
 * Hide uses the `!` prefix grammar (filter-spec.ts). Hiding a second value of the same field
 * adds an alternative to the negated pattern ("!^a$|^b$"). A field holds one pattern, so
 * hiding on a field that has an include pattern replaces that pattern.
 */
import type { EventKind } from "../model/event-kind.js";
import { kindFromName } from "../model/event-kind.js";
import { splitNegation, type FilterSpec } from "./filter-spec.js";

export type ClickField = "pod" | "namespace" | "binary" | "policy" | "eventType";

/**
 * `value` with every RE2 metacharacter backslash-escaped: what RE2JS.quote does (the test
 * checks they agree), written out so the page does not load the regex engine, which runs in
 * the ingest worker.
 */
export function quoteRe2(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}

/** `^value$` with every RE2 metacharacter escaped. */
export function exactPattern(value: string): string {
  return `^${quoteRe2(value)}$`;
}

function kindList(value: string): EventKind[] {
  const out: EventKind[] = [];
  for (const n of value.split(/[,\s]+/)) {
    const k = kindFromName(n);
    if (k !== undefined && !out.includes(k)) out.push(k);
  }
  return out;
}

/** Keep only rows whose `field` equals `value` (replaces that field's filter). */
export function onlyThis(spec: FilterSpec, field: ClickField, value: string): FilterSpec {
  if (field === "eventType") return { ...spec, eventType: kindList(value).join(",") || value };
  return { ...spec, [field]: exactPattern(value) };
}

/** Hide rows whose `field` equals `value`, keeping values hidden before on that field. */
export function hideThis(spec: FilterSpec, field: ClickField, value: string): FilterSpec {
  const current = splitNegation(spec[field]);
  if (field === "eventType") {
    const kinds = current.negated ? kindList(current.body) : [];
    for (const k of kindList(value)) if (!kinds.includes(k)) kinds.push(k);
    return kinds.length === 0 ? spec : { ...spec, eventType: `!${kinds.join(",")}` };
  }
  const term = exactPattern(value);
  if (!current.negated || current.body === "") return { ...spec, [field]: `!${term}` };
  if (current.body.split("|").includes(term)) return spec;
  // Flags such as (?i) reach to the end of their group: fence the old pattern off.
  const old = current.body.includes("(?") ? `(?:${current.body})` : current.body;
  return { ...spec, [field]: `!${old}|${term}` };
}
