/*
 * A small parser and matcher for Kubernetes label selectors, the syntax of
 * Filter.labels: `app=foo`, `app==foo`, `app!=foo`, `app in (a,b)`, `app notin (a,b)`,
 * `app`, `!app`, `replicas>1`, `replicas<3`; commas join requirements (AND); an empty
 * selector selects everything. Keys and values are validated like Kubernetes does, so a
 * typo is an error instead of a filter that silently matches nothing.
 */

type Op = "exists" | "!exists" | "in" | "notin" | "gt" | "lt";

export interface Requirement {
  key: string;
  op: Op;
  values: string[];
}

export type LabelSelector = (labels: Readonly<Record<string, string>>) => boolean;

export class LabelSelectorError extends Error {}

// Qualified name: optional DNS-subdomain prefix and "/", then a name of up to 63 characters.
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

function checkKey(key: string): string {
  const slash = key.indexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (!NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !PREFIX.test(prefix)))) {
    throw new LabelSelectorError(`invalid label key "${key}"`);
  }
  return key;
}

function checkValue(value: string): string {
  if (!VALUE.test(value)) throw new LabelSelectorError(`invalid label value "${value}"`);
  return value;
}

const SPECIAL = new Set(["!", "=", "(", ")", ",", ">", "<"]);

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "=" || ch === "!") {
      const two = input.slice(i, i + 2);
      const op = two === "==" || two === "!=" ? two : ch;
      tokens.push(op);
      i += op.length;
    } else if (SPECIAL.has(ch)) {
      tokens.push(ch);
      i++;
    } else {
      let j = i;
      while (j < input.length && !SPECIAL.has(input.charAt(j)) && !/\s/.test(input.charAt(j))) j++;
      tokens.push(input.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

const isIdent = (t: string | undefined): boolean =>
  t !== undefined && !SPECIAL.has(t) && t !== "==" && t !== "!=";

export function parseRequirements(input: string): Requirement[] {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const take = (): string | undefined => tokens[pos++];
  const ident = (what: string): string => {
    const t = take();
    if (t === undefined || !isIdent(t))
      throw new LabelSelectorError(`expected ${what}, found ${t === undefined ? "end" : `"${t}"`}`);
    return t;
  };
  const reqs: Requirement[] = [];
  while (pos < tokens.length) {
    if (peek() === "!") {
      take();
      reqs.push({ key: checkKey(ident("a label key after !")), op: "!exists", values: [] });
    } else {
      const key = checkKey(ident("a label key"));
      const op = peek();
      if (op === undefined || op === ",") {
        reqs.push({ key, op: "exists", values: [] });
      } else if (op === "in" || op === "notin") {
        take();
        if (take() !== "(") throw new LabelSelectorError(`expected "(" after ${op}`);
        const values: string[] = [];
        while (peek() !== ")") {
          values.push(checkValue(ident("a value")));
          if (peek() === ",") take();
          else if (peek() !== ")")
            throw new LabelSelectorError(`expected "," or ")" in ${op} list`);
        }
        take();
        if (values.length === 0) throw new LabelSelectorError(`empty value list for ${op}`);
        reqs.push({ key, op, values });
      } else if (op === "=" || op === "==" || op === "!=") {
        take();
        const value = isIdent(peek()) ? ident("a value") : "";
        reqs.push({ key, op: op === "!=" ? "notin" : "in", values: [checkValue(value)] });
      } else if (op === ">" || op === "<") {
        take();
        const value = ident("an integer");
        if (!/^-?\d+$/.test(value)) throw new LabelSelectorError(`"${value}" is not an integer`);
        reqs.push({ key, op: op === ">" ? "gt" : "lt", values: [value] });
      } else {
        throw new LabelSelectorError(`unexpected "${op}" after key "${key}"`);
      }
    }
    if (pos < tokens.length) {
      if (take() !== ",") throw new LabelSelectorError(`expected "," between requirements`);
      if (pos >= tokens.length) throw new LabelSelectorError("trailing comma");
    }
  }
  return reqs;
}

function matches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.op) {
    case "exists":
      return has;
    case "!exists":
      return !has;
    case "in":
      return value !== undefined && r.values.includes(value);
    case "notin":
      return value === undefined || !r.values.includes(value);
    case "gt":
    case "lt": {
      if (value === undefined || !/^-?\d+$/.test(value)) return false;
      const n = Number(value);
      const bound = Number(r.values[0]);
      return r.op === "gt" ? n > bound : n < bound;
    }
  }
}

/** Throws LabelSelectorError with a readable message for a malformed selector. */
export function parseLabelSelector(input: string): LabelSelector {
  const reqs = parseRequirements(input);
  return (labels) => reqs.every((r) => matches(r, labels));
}
