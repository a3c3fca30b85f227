/*
 * Why a JSON object did not decode, as "<dotted JSON path> <problem>", without the value:
 * protobuf-es' own messages quote the offending value (attacker-controlled) and name a
 * wrapper type rather than the field ("google.protobuf.UInt32Value.value"). Only runs after
 * a decode failed: it decodes each field on its own to find the first failing one, going
 * down into message fields (and list/map items) until the failure is at a leaf.
 */
import { fromJson, type DescField, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import { safeName } from "./safe-name.js";

type JsonObject = Record<string, JsonValue>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function decodes(desc: DescMessage, json: JsonValue): boolean {
  try {
    fromJson(desc, json, { ignoreUnknownFields: true });
    return true;
  } catch {
    return false;
  }
}

function messageOf(field: DescField): DescMessage | undefined {
  const m =
    field.fieldKind === "message" ||
    (field.fieldKind === "list" && field.listKind === "message") ||
    (field.fieldKind === "map" && field.mapKind === "message")
      ? field.message
      : undefined;
  // Well-known types decode from strings/numbers: a failure there is at the field itself.
  return m && !m.typeName.startsWith("google.protobuf.") ? m : undefined;
}

function itemsOf(field: DescField, value: JsonValue): JsonValue[] {
  if (field.fieldKind === "list" && Array.isArray(value)) return value;
  if (field.fieldKind === "map" && isObject(value)) return Object.values(value);
  if (field.fieldKind === "message") return [value];
  return [];
}

/** The dotted JSON path of the first field that does not decode, if one alone fails. */
export function failingPath(desc: DescMessage, json: JsonValue, prefix = ""): string | undefined {
  if (!isObject(json)) return undefined;
  for (const [key, value] of Object.entries(json)) {
    const field = desc.fields.find((f) => f.name === key || f.jsonName === key);
    if (!field || decodes(desc, { [key]: value })) continue;
    const path = prefix === "" ? field.name : `${prefix}.${field.name}`;
    const message = messageOf(field);
    if (message) {
      const itemPath = field.fieldKind === "map" ? `${path}.*` : path;
      for (const item of itemsOf(field, value)) {
        const inner = failingPath(message, item, itemPath);
        if (inner !== undefined) return inner;
      }
    }
    return path;
  }
  return undefined;
}

function problemOf(text: string): string {
  if (text.includes("set multiple times")) return "is set more than once";
  if (text.includes("maximum recursion depth")) return "is nested too deeply";
  if (text.includes("RFC 3339")) return "is not an RFC 3339 time";
  return "has a value of the wrong type";
}

export function decodeErrorReason(desc: DescMessage, json: JsonValue, err: unknown): string {
  const text = err instanceof Error ? err.message : "";
  const path = failingPath(desc, json);
  // Fall back to the schema's name of what failed (e.g. a oneof set by two keys).
  const name =
    path ?? /^cannot decode (?:field |message |oneof |enum )?([A-Za-z0-9_.]+)/.exec(text)?.[1];
  if (name === undefined) return "not a Tetragon event (a value has the wrong type)";
  return `${safeNamePath(name)} ${problemOf(text)}`;
}

/** Paths are built from schema names, but stay safe even if that ever changes. */
function safeNamePath(path: string): string {
  return path
    .split(".")
    .map((p) => (p === "*" ? p : safeName(p)))
    .join(".");
}
