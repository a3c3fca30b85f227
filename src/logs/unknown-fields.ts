/*
 * Which JSON keys of a Tetragon event the schema does not know, as dotted paths of JSON
 * names ("process_exec.process.new_field"). Walks the parsed JSON beside the message
 * descriptors: list elements share their field's path (no indices), map entries use "*"
 * (map keys are data, never shown), and values of well-known types (Timestamp, wrappers,
 * Duration...) are leaves because their JSON form is not an object of fields. Enum strings
 * the schema does not know are reported too ("… (unknown enum value)"): protobuf-es drops
 * them under ignoreUnknownFields, so they are tolerated data loss worth naming.
 * Only keys are reported, each through safeName(); at most MAX_UNKNOWN_PER_EVENT per event.
 */
import type { DescEnum, DescField, DescMessage } from "@bufbuild/protobuf";
import { safeName } from "./safe-name.js";

/** Distinct unknown paths kept per event; further ones are summarised as OTHER_FIELDS. */
export const MAX_UNKNOWN_PER_EVENT = 32;
export const OTHER_FIELDS = "(more unknown fields)";
export const UNKNOWN_ENUM_SUFFIX = " (unknown enum value)";

type JsonObject = Record<string, unknown>;

const fieldsByKey = new WeakMap<DescMessage, Map<string, DescField>>();

/** A message's fields by proto name and JSON name, as protobuf-es' own JSON reader accepts. */
function fieldFor(desc: DescMessage, key: string): DescField | undefined {
  let byKey = fieldsByKey.get(desc);
  if (!byKey) {
    byKey = new Map();
    for (const f of desc.fields) byKey.set(f.name, f).set(f.jsonName, f);
    fieldsByKey.set(desc, byKey);
  }
  return byKey.get(key);
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Well-known types have their own JSON forms (strings, numbers): nothing to walk. */
function isLeafMessage(desc: DescMessage): boolean {
  return desc.typeName.startsWith("google.protobuf.");
}

function isUnknownEnum(desc: DescEnum, value: unknown): boolean {
  return typeof value === "string" && !desc.values.some((v) => v.name === value);
}

class Collector {
  readonly paths = new Set<string>();
  more = false;
  add(path: string): void {
    if (this.paths.has(path)) return;
    if (this.paths.size < MAX_UNKNOWN_PER_EVENT) this.paths.add(path);
    else this.more = true;
  }
}

function join(prefix: string, key: string): string {
  return prefix === "" ? key : `${prefix}.${key}`;
}

function walkMessage(desc: DescMessage, json: JsonObject, prefix: string, out: Collector): void {
  for (const [key, value] of Object.entries(json)) {
    const field = fieldFor(desc, key);
    if (!field) {
      out.add(join(prefix, safeName(key)));
      continue;
    }
    walkField(field, value, join(prefix, field.name), out);
  }
}

function walkValue(
  message: DescMessage | undefined,
  enumDesc: DescEnum | undefined,
  value: unknown,
  path: string,
  out: Collector,
): void {
  if (message && !isLeafMessage(message) && isObject(value)) walkMessage(message, value, path, out);
  else if (enumDesc && isUnknownEnum(enumDesc, value)) out.add(path + UNKNOWN_ENUM_SUFFIX);
}

function walkField(field: DescField, value: unknown, path: string, out: Collector): void {
  switch (field.fieldKind) {
    case "scalar":
      return;
    case "enum":
      walkValue(undefined, field.enum, value, path, out);
      return;
    case "message":
      walkValue(field.message, undefined, value, path, out);
      return;
    case "list":
      if (Array.isArray(value))
        for (const item of value) walkValue(field.message, field.enum, item, path, out);
      return;
    case "map":
      if (isObject(value))
        for (const item of Object.values(value))
          walkValue(field.message, field.enum, item, `${path}.*`, out);
      return;
  }
}

/** Unknown keys of `json` against `desc`, in the order met. */
export function unknownFieldPaths(desc: DescMessage, json: JsonObject): string[] {
  const out = new Collector();
  walkMessage(desc, json, "", out);
  const paths = [...out.paths];
  if (out.more) paths.push(OTHER_FIELDS);
  return paths;
}
