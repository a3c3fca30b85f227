/**
 * "Copy as tetra command": the `tetra getevents` command line that asks an agent for what the
 * page shows (the agent filter AND the view filters), and the parts no flag can say. The
 * flag table is src/tetra/flags.ts (the one the gateway uses for exec agents too).
 *
 * tetra sends one allow filter, so the view's filters are merged into the agent's first
 * allow filter when they set other fields (AND holds). Where they cannot be merged
 * exactly, they are reported, never approximated:
 * - a view field the agent filter already sets (tetra would OR the values, not AND them);
 * - a `!` (hide) pattern: tetra has no deny flags;
 * - a namespace pattern that is not exact names (`^a$|^b$`): --namespace compares exactly;
 * - the search box: no flag.
 * The CEL input becomes --cel-expression (the agent evaluates the same language).
 * A hidden event-type list becomes the complement (`!kprobe` -> every other type).
 */
import type { AgentFilter, AgentFilterLists } from "../tetra/agent-filter.js";
import { agentFilterToTetraArgs } from "../tetra/flags.js";
import { EVENT_KINDS, KIND_NAMES, kindFromName } from "../model/event-kind.js";
import type { KnownEventKind } from "../model/event-kind.js";
import { type FilterSpec, splitNegation } from "./filter-spec.js";

export interface TetraCommand {
  /** A POSIX shell command line, values single-quoted where needed. */
  readonly command: string;
  /** The same as argv (for exec without a shell). */
  readonly argv: readonly string[];
  /** Human-readable parts of the filters that have no flag; empty when the command is exact. */
  readonly unsupported: readonly string[];
}

const BASE = ["tetra", "getevents", "-o", "compact"] as const;

/** `value` for a POSIX shell: bare when safe, else single-quoted. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

/** The names an RE2 pattern matches exactly (`^a$`, `^a$|^b\.c$`), or undefined. */
export function exactNames(pattern: string): string[] | undefined {
  const names: string[] = [];
  for (const term of pattern.split(/(?<!\\)\|/)) {
    const m = /^\^(.*)\$$/.exec(term);
    if (m === null) return undefined;
    let name = "";
    const body = m[1] ?? "";
    for (let i = 0; i < body.length; i++) {
      const ch = body.charAt(i);
      if (ch === "\\") {
        const next = body.charAt(++i);
        if (next === "" || /[A-Za-z0-9]/.test(next)) return undefined; // \d, \b…: a class
        name += next;
      } else if (/[\\^$.|?*+()[\]{}]/.test(ch)) {
        return undefined;
      } else {
        name += ch;
      }
    }
    names.push(name);
  }
  return names;
}

function eventSetOf(value: string): { names: string[] } | { error: string } {
  const { negated, body } = splitNegation(value);
  const kinds = new Set<KnownEventKind>();
  for (const n of body.split(/[,\s]+/).filter((s) => s !== "")) {
    const k = kindFromName(n);
    if (k === undefined || k === "unknown") return { error: `event type "${n}" is not a kind` };
    kinds.add(k);
  }
  const chosen = negated ? EVENT_KINDS.filter((k) => !kinds.has(k)) : [...kinds];
  return { names: chosen.map((k) => KIND_NAMES[k].enumName) };
}

/** Merges the view filters into `base` (tetra's one allow filter). */
function mergeView(base: AgentFilter, view: FilterSpec, unsupported: string[]): AgentFilter {
  const out: Record<string, unknown> = { ...base };
  const put = (key: keyof AgentFilter, values: string[], what: string): void => {
    if (out[key] !== undefined) {
      unsupported.push(`view ${what} filter: the agent filter already sets that field`);
    } else {
      out[key] = values;
    }
  };
  const regexField = (
    input: string,
    key: "podRegex" | "binaryRegex" | "namespace",
    what: string,
  ): void => {
    const { negated, body } = splitNegation(input);
    if (body === "") return;
    if (negated) {
      unsupported.push(`view ${what} filter "${input}": tetra has no flag to hide matches`);
      return;
    }
    if (key !== "namespace") {
      put(key, [body], what);
      return;
    }
    const names = exactNames(body);
    if (names === undefined) {
      unsupported.push(
        `view namespace filter "${input}": --namespace compares exact names; write ^name$`,
      );
    } else {
      put(key, names, what);
    }
  };
  regexField(view.pod, "podRegex", "pod");
  regexField(view.namespace, "namespace", "namespace");
  regexField(view.binary, "binaryRegex", "binary");
  if (view.eventType.trim() !== "") {
    const set = eventSetOf(view.eventType);
    if ("error" in set) unsupported.push(`view event type filter: ${set.error}`);
    else put("eventSet", set.names, "event type");
  }
  // The same language as the agent's cel_expression: one more expression of the filter.
  if (view.cel.trim() !== "") put("celExpression", [view.cel.trim()], "CEL");
  if (view.search.trim() !== "") {
    unsupported.push(`search "${view.search.trim()}": tetra getevents has no text search`);
  }
  return out;
}

export function tetraCommand(agent: AgentFilterLists, view: FilterSpec): TetraCommand {
  const unsupported: string[] = [];
  const [first = {}, ...rest] = agent.allow;
  const merged = mergeView(first, view, unsupported);
  const mapped = agentFilterToTetraArgs({ allow: [merged, ...rest], deny: agent.deny });
  const argv = [...BASE, ...mapped.args];
  return {
    argv,
    command: argv.map(shellQuote).join(" "),
    unsupported: [...mapped.unsupported, ...unsupported],
  };
}
