/**
 * The panel's editable text for one filter (`FilterDraft`: one string per field) <-> an
 * `AgentFilter`, and the validation of whole allow/deny lists with the agent's rules and the
 * gateway's caps. Pure; the panel keeps drafts in its own state until Apply.
 */
import type {
  AgentFilter,
  AgentFilterLists,
  CapFilterView,
  ListName,
  NumberListKey,
  TextListKey,
} from "./agent-filter.js";
import { compactFilter } from "./agent-filter.js";
import type { CapKey, DraftKey, FieldSpec } from "./filter-fields.js";
import { FIELD_SPECS, HOST_NAMESPACE_TOKEN } from "./filter-fields.js";
import { capabilityName, eventTypeName, valueError } from "./filter-values.js";
import { agentFilterLimits } from "./request-limits.js";

export type FilterDraft = Readonly<Record<DraftKey, string>>;
export type DraftErrors = Partial<Record<DraftKey, string>>;

export const EMPTY_DRAFT: FilterDraft = Object.fromEntries(
  FIELD_SPECS.map((s) => [s.key, ""]),
) as Record<DraftKey, string>;

function capPath(key: CapKey): [keyof CapFilterView, "any" | "all" | "exactly" | "none"] {
  const [, set, match] = key.split(".") as [string, keyof CapFilterView, "any"];
  return [set, match];
}

/** The values of one field of `filter`, as the draft holds them. */
export function fieldValues(filter: AgentFilter, key: DraftKey): readonly (string | number)[] {
  if (key.startsWith("caps.")) {
    const [set, match] = capPath(key as CapKey);
    return filter.capabilities?.[set]?.[match] ?? [];
  }
  if (key === "healthCheck" || key === "inInitTree") {
    const v = filter[key];
    return v === undefined ? [] : [String(v)];
  }
  return filter[key as TextListKey | NumberListKey | "eventSet"] ?? [];
}

function formatValues(spec: FieldSpec, values: readonly (string | number)[]): string {
  if (spec.input === "lines") {
    return values
      .map((v) => (spec.key === "namespace" && v === "" ? HOST_NAMESPACE_TOKEN : String(v)))
      .join("\n");
  }
  return values.map(String).join(", ");
}

export function draftOf(filter: AgentFilter): FilterDraft {
  const out: Record<string, string> = {};
  for (const spec of FIELD_SPECS) out[spec.key] = formatValues(spec, fieldValues(filter, spec.key));
  return out as FilterDraft;
}

/** Splits an input into values; names are normalised ("exec" -> "PROCESS_EXEC"). */
function splitInput(spec: FieldSpec, text: string): string[] {
  if (spec.input === "lines") {
    return text
      .split("\n")
      .map((l) => l.replace(/\r$/, ""))
      .filter((l) => l.trim() !== "")
      .map((l) => (spec.key === "namespace" ? l.trim() : l))
      .map((l) => (spec.key === "namespace" && l === HOST_NAMESPACE_TOKEN ? "" : l));
  }
  const parts = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (spec.kind === "event") return parts.map((p) => eventTypeName(p) ?? p);
  if (spec.kind === "cap") return parts.map((p) => capabilityName(p) ?? p);
  return parts;
}

/**
 * The filter a draft describes, and a message per field that the agent or the gateway would
 * refuse. Invalid values are kept in the filter (so nothing typed is lost); do not send a
 * filter with errors.
 */
export function parseDraft(draft: FilterDraft): { filter: AgentFilter; errors: DraftErrors } {
  const filter: Record<string, unknown> = {};
  const caps: Record<string, Record<string, string[]>> = {};
  const errors: DraftErrors = {};
  for (const spec of FIELD_SPECS) {
    const text = draft[spec.key];
    if (spec.input === "bool") {
      const t = text.trim().toLowerCase();
      if (t === "true" || t === "false") filter[spec.key] = t === "true";
      else if (t !== "") errors[spec.key] = `"${text}": choose true, false or leave it unset`;
      continue;
    }
    const values = splitInput(spec, text);
    if (values.length === 0) continue;
    if (spec.key.startsWith("caps.")) {
      const [set, match] = capPath(spec.key as CapKey);
      (caps[set] ??= {})[match] = values;
    } else if (spec.kind === "uint") {
      // Text that is no number ("12a") is named as typed; it is kept as NaN in the filter.
      const bad = values.map((v) => valueError("uint", v)).find((e) => e !== undefined);
      if (bad !== undefined) errors[spec.key] = bad;
      filter[spec.key] = values.map((v) => (/^\d+$/.test(v) ? Number(v) : Number.NaN));
    } else {
      filter[spec.key] = values;
    }
  }
  if (Object.keys(caps).length > 0) filter["capabilities"] = caps;
  const built = compactFilter(filter);
  for (const [key, message] of Object.entries(filterErrors(built))) {
    errors[key as DraftKey] ??= message;
  }
  return { filter: built, errors };
}

/** A message per field of `filter` that the agent or the gateway would refuse. */
export function filterErrors(filter: AgentFilter): DraftErrors {
  const errors: DraftErrors = {};
  for (const spec of FIELD_SPECS) {
    const values = fieldValues(filter, spec.key);
    if (spec.kind === "bool") continue;
    if (values.length > agentFilterLimits.maxValuesPerField) {
      errors[spec.key] =
        `${String(values.length)} values; the gateway allows at most ${String(agentFilterLimits.maxValuesPerField)}`;
      continue;
    }
    for (const v of values) {
      const error = valueError(spec.kind, v);
      if (error !== undefined) {
        // With several values, say which one (unless the message already quotes it).
        errors[spec.key] =
          values.length > 1 && !error.includes(String(v)) ? `${String(v)}: ${error}` : error;
        break;
      }
    }
  }
  return errors;
}

export interface AgentFilterIssue {
  readonly list: ListName;
  /** The filter's index in its list; undefined for a problem of the whole list. */
  readonly index: number | undefined;
  readonly field: DraftKey | undefined;
  readonly message: string;
}

/** Every problem of `lists`, in order; empty when the agent and the gateway take it. */
export function validateAgentFilter(lists: AgentFilterLists): AgentFilterIssue[] {
  const issues: AgentFilterIssue[] = [];
  for (const list of ["allow", "deny"] as const) {
    const filters = lists[list];
    if (filters.length > agentFilterLimits.maxFilters) {
      issues.push({
        list,
        index: undefined,
        field: undefined,
        message: `${String(filters.length)} ${list} filters; the gateway allows at most ${String(agentFilterLimits.maxFilters)}`,
      });
    }
    filters.forEach((filter, index) => {
      for (const [field, message] of Object.entries(filterErrors(filter))) {
        issues.push({ list, index, field: field as DraftKey, message });
      }
    });
  }
  return issues;
}

/** "deny #2 pod_regex: invalid pattern: …" for a list of problems. */
export function describeIssue(issue: AgentFilterIssue): string {
  const where =
    issue.index === undefined ? issue.list : `${issue.list} #${String(issue.index + 1)}`;
  const field =
    issue.field === undefined
      ? ""
      : ` ${FIELD_SPECS.find((s) => s.key === issue.field)?.proto ?? ""}`;
  return `${where}${field}: ${issue.message}`;
}

/** A draft with every field set to its spec's example value: every Filter field in use. */
export function exampleDraft(): FilterDraft {
  return Object.fromEntries(FIELD_SPECS.map((s) => [s.key, s.example])) as Record<DraftKey, string>;
}
