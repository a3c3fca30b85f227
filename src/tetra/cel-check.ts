/**
 * A static check of a parsed CEL expression against Tetragon's CEL environment, standing in
 * for cel-go's `env.Check` that the agent runs before it accepts a `cel_expression`
 * (pkg/filters/cel_expression.go: compile, check, and require a bool result).
 * @bufbuild/cel 0.6 parses and evaluates but has no type checker yet, so without this an
 * expression naming a field that does not exist (`process_exec.process.bad_field_name`)
 * would pass in the browser and be refused by every agent.
 *
 * It infers types bottom-up from the message descriptors. It reports only what is certainly
 * wrong (an undeclared name, a field a message does not have, a function that does not exist,
 * a result that cannot be a bool); where it cannot be sure, the type is `dyn` and nothing is
 * reported, so it never refuses an expression the agent would take.
 */
import type { DescField, DescMessage, Registry } from "@bufbuild/protobuf";
import { ScalarType } from "@bufbuild/protobuf";
import type { parse } from "@bufbuild/cel";

type Parsed = ReturnType<typeof parse>;
type Expr = Parsed["expr"];

type CelT =
  | { readonly k: "dyn" | "bool" | "int" | "uint" | "double" | "string" | "bytes" | "null" }
  | { readonly k: "timestamp" | "duration" | "type" }
  | { readonly k: "msg"; readonly desc: DescMessage }
  | { readonly k: "list"; readonly elem: CelT }
  | { readonly k: "map"; readonly key: CelT; readonly val: CelT };

const DYN: CelT = { k: "dyn" };
const BOOL: CelT = { k: "bool" };
const INT: CelT = { k: "int" };
const UINT: CelT = { k: "uint" };
const DOUBLE: CelT = { k: "double" };
const STRING: CelT = { k: "string" };
const BYTES: CelT = { k: "bytes" };
const TYPE: CelT = { k: "type" };

const BOOL_OPS = new Set([
  "_&&_",
  "_||_",
  "!_",
  "_==_",
  "_!=_",
  "_<_",
  "_<=_",
  "_>_",
  "_>=_",
  "@in",
  "@not_strictly_false",
]);
const SAME_AS_FIRST = new Set(["_+_", "_-_", "_*_", "_/_", "_%_", "-_"]);
/** The standard functions with a fixed result type (cel-go's default environment). */
const FUNCS: Readonly<Record<string, CelT>> = {
  size: INT,
  contains: BOOL,
  startsWith: BOOL,
  endsWith: BOOL,
  matches: BOOL,
  int: INT,
  uint: UINT,
  double: DOUBLE,
  string: STRING,
  bytes: BYTES,
  bool: BOOL,
  timestamp: { k: "timestamp" },
  duration: { k: "duration" },
  type: TYPE,
  dyn: DYN,
  getFullYear: INT,
  getMonth: INT,
  getDayOfYear: INT,
  getDayOfMonth: INT,
  getDate: INT,
  getDayOfWeek: INT,
  getHours: INT,
  getMinutes: INT,
  getSeconds: INT,
  getMilliseconds: INT,
};
/**
 * The Kubernetes IP and CIDR library Tetragon adds (celk8s.IP(), celk8s.CIDR()). The agent
 * knows these; @bufbuild/cel does not, so the browser can check but not evaluate them.
 */
export const K8S_NET_FUNCS: Readonly<Record<string, CelT>> = {
  ip: DYN,
  cidr: DYN,
  isIP: BOOL,
  isCIDR: BOOL,
  family: INT,
  isUnspecified: BOOL,
  isLoopback: BOOL,
  isLinkLocalMulticast: BOOL,
  isLinkLocalUnicast: BOOL,
  isGlobalUnicast: BOOL,
  isCanonical: BOOL,
  containsIP: BOOL,
  containsCIDR: BOOL,
  masked: DYN,
  prefixLength: INT,
};
const TYPE_NAMES = new Set([
  "int",
  "uint",
  "double",
  "bool",
  "string",
  "bytes",
  "list",
  "map",
  "null_type",
  "type",
  "dyn",
]);

export interface CelCheckEnv {
  readonly container: string;
  readonly registry: Registry;
  readonly variables: ReadonlyMap<string, DescMessage>;
}

export interface CelCheckResult {
  /** The first certain error, with its column, or undefined. */
  readonly error: string | undefined;
  /** Names of K8S_NET_FUNCS the expression calls (the browser cannot evaluate them). */
  readonly k8sNetCalls: readonly string[];
}

class CheckError extends Error {}

function fieldType(f: DescField): CelT {
  switch (f.fieldKind) {
    case "scalar":
      return scalarType(f.scalar);
    case "enum":
      return INT;
    case "message":
      return messageType(f.message);
    case "list":
      return {
        k: "list",
        elem:
          f.listKind === "scalar"
            ? scalarType(f.scalar)
            : f.listKind === "enum"
              ? INT
              : messageType(f.message),
      };
    case "map":
      return {
        k: "map",
        key: scalarType(f.mapKey),
        val:
          f.mapKind === "scalar"
            ? scalarType(f.scalar)
            : f.mapKind === "enum"
              ? INT
              : messageType(f.message),
      };
  }
}

function scalarType(s: ScalarType): CelT {
  switch (s) {
    case ScalarType.BOOL:
      return BOOL;
    case ScalarType.STRING:
      return STRING;
    case ScalarType.BYTES:
      return BYTES;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return DOUBLE;
    case ScalarType.UINT32:
    case ScalarType.UINT64:
    case ScalarType.FIXED32:
    case ScalarType.FIXED64:
      return UINT;
    default:
      return INT;
  }
}

/** Well-known types read as CEL values; wrappers may also be null, so they stay dyn. */
function messageType(desc: DescMessage): CelT {
  switch (desc.typeName) {
    case "google.protobuf.Timestamp":
      return { k: "timestamp" };
    case "google.protobuf.Duration":
      return { k: "duration" };
    default:
      return desc.typeName.startsWith("google.protobuf.") ? DYN : { k: "msg", desc };
  }
}

function typeName(t: CelT): string {
  switch (t.k) {
    case "msg":
      return t.desc.typeName;
    case "list":
      return `list(${typeName(t.elem)})`;
    case "map":
      return `map(${typeName(t.key)}, ${typeName(t.val)})`;
    default:
      return t.k;
  }
}

/** `a.b.c` when `e` is a chain of selects on an identifier, else undefined. */
function qualifiedName(e: Expr): string | undefined {
  const k = e.exprKind;
  if (k.case === "identExpr") return k.value.name;
  if (k.case === "selectExpr" && !k.value.testOnly && k.value.operand !== undefined) {
    const head = qualifiedName(k.value.operand);
    return head === undefined ? undefined : `${head}.${k.value.field}`;
  }
  return undefined;
}

export function checkCel(parsed: Parsed, env: CelCheckEnv): CelCheckResult {
  const k8sNetCalls = new Set<string>();
  const scopes: Map<string, CelT>[] = [];
  const positions = parsed.sourceInfo?.positions ?? {};
  const fail = (e: Expr, message: string): never => {
    const at = positions[String(e.id)];
    throw new CheckError(at === undefined ? message : `column ${String(at + 1)}: ${message}`);
  };

  const candidates = (name: string): string[] => {
    if (name.startsWith(".")) return [name.slice(1)];
    const out: string[] = [];
    const parts = env.container === "" ? [] : env.container.split(".");
    for (let i = parts.length; i > 0; i--) out.push(`${parts.slice(0, i).join(".")}.${name}`);
    out.push(name);
    return out;
  };

  /** A variable, an enum constant or a type name spelled `name`; undefined when none is. */
  const resolveName = (name: string): CelT | undefined => {
    if (!name.includes(".")) {
      for (let i = scopes.length - 1; i >= 0; i--) {
        const t = scopes[i]?.get(name);
        if (t !== undefined) return t;
      }
      if (TYPE_NAMES.has(name)) return TYPE;
    }
    for (const c of candidates(name)) {
      const v = env.variables.get(c);
      if (v !== undefined) return { k: "msg", desc: v };
      const dot = c.lastIndexOf(".");
      const en = dot > 0 ? env.registry.getEnum(c.slice(0, dot)) : undefined;
      if (en?.values.some((v) => v.name === c.slice(dot + 1))) return INT;
      if (env.registry.getMessage(c) !== undefined) return TYPE;
    }
    return undefined;
  };

  const check = (e: Expr): CelT => {
    const k = e.exprKind;
    switch (k.case) {
      case "constExpr":
        return constType(k.value.constantKind.case);
      case "identExpr":
        return (
          resolveName(k.value.name) ??
          fail(e, `undeclared reference to '${k.value.name}' (in container '${env.container}')`)
        );
      case "selectExpr": {
        const qn = qualifiedName(e);
        if (qn !== undefined) {
          const resolved = resolveName(qn);
          if (resolved !== undefined) return resolved;
        }
        if (k.value.operand === undefined) return DYN;
        const operand = check(k.value.operand);
        const field = k.value.field;
        let t: CelT;
        if (operand.k === "msg") {
          const f = operand.desc.fields.find((x) => x.name === field);
          t = f === undefined ? fail(e, `undefined field '${field}'`) : fieldType(f);
        } else if (operand.k === "map") {
          t = operand.val;
        } else if (operand.k === "dyn") {
          t = DYN;
        } else {
          t = fail(e, `type '${typeName(operand)}' does not support field selection`);
        }
        return k.value.testOnly ? BOOL : t;
      }
      case "callExpr": {
        const { function: fn, args, target } = k.value;
        if (target !== undefined) check(target);
        const argTypes = args.map(check);
        if (BOOL_OPS.has(fn)) return BOOL;
        if (SAME_AS_FIRST.has(fn)) {
          const [a, b] = argTypes;
          if (fn === "_-_" && a?.k === "timestamp" && b?.k === "timestamp") {
            return { k: "duration" };
          }
          return a ?? DYN;
        }
        if (fn === "_?_:_") {
          const [, a, b] = argTypes;
          return a !== undefined && b !== undefined && typeName(a) === typeName(b) ? a : DYN;
        }
        if (fn === "_[_]") {
          const c = argTypes[0];
          return c?.k === "list" ? c.elem : c?.k === "map" ? c.val : DYN;
        }
        const known = FUNCS[fn];
        if (known !== undefined) return known;
        const net = K8S_NET_FUNCS[fn];
        if (net !== undefined) {
          k8sNetCalls.add(fn);
          return net;
        }
        return fail(e, `undeclared reference to '${fn}' (in container '${env.container}')`);
      }
      case "listExpr": {
        const elems = k.value.elements.map(check);
        const first = elems[0];
        return {
          k: "list",
          elem:
            first !== undefined && elems.every((t) => typeName(t) === typeName(first))
              ? first
              : DYN,
        };
      }
      case "structExpr": {
        for (const entry of k.value.entries) {
          if (entry.keyKind.case === "mapKey") check(entry.keyKind.value);
          if (entry.value !== undefined) check(entry.value);
        }
        if (k.value.messageName === "") return { k: "map", key: DYN, val: DYN };
        for (const c of candidates(k.value.messageName)) {
          const desc = env.registry.getMessage(c);
          if (desc !== undefined) return messageType(desc);
        }
        return fail(e, `undeclared reference to '${k.value.messageName}'`);
      }
      case "comprehensionExpr": {
        const c = k.value;
        const range = c.iterRange === undefined ? DYN : check(c.iterRange);
        const accu = c.accuInit === undefined ? DYN : check(c.accuInit);
        const iter = range.k === "list" ? range.elem : range.k === "map" ? range.key : DYN;
        scopes.push(
          new Map([
            [c.iterVar, iter],
            [c.accuVar, accu],
          ]),
        );
        try {
          if (c.loopCondition !== undefined) check(c.loopCondition);
          if (c.loopStep !== undefined) check(c.loopStep);
          return c.result === undefined ? DYN : check(c.result);
        } finally {
          scopes.pop();
        }
      }
      case undefined:
        return DYN;
    }
  };

  try {
    const out = check(parsed.expr);
    if (out.k !== "bool" && out.k !== "dyn") {
      fail(parsed.expr, `the expression is ${typeName(out)}, but a filter must be a bool`);
    }
    return { error: undefined, k8sNetCalls: [...k8sNetCalls] };
  } catch (err) {
    if (!(err instanceof CheckError)) throw err;
    return { error: err.message, k8sNetCalls: [...k8sNetCalls] };
  }
}

function constType(kind: string | undefined): CelT {
  switch (kind) {
    case "boolValue":
      return BOOL;
    case "int64Value":
      return INT;
    case "uint64Value":
      return UINT;
    case "doubleValue":
      return DOUBLE;
    case "stringValue":
      return STRING;
    case "bytesValue":
      return BYTES;
    case "nullValue":
      return { k: "null" };
    default:
      return DYN;
  }
}
