/*
 * One lenient reader for Tetragon's JSON event lines (the canonical protobuf JSON of
 * GetEventsResponse, snake_case names, one object per line), shared by the demo agent's
 * replay, cluster mode's `tetra getevents -o json` and the browser's "Open log…".
 *
 * readTetragonJsonLine() never drops an event for a field it does not know: it records the
 * unknown keys (walking the JSON beside the descriptors) and then decodes with
 * ignoreUnknownFields. Objects whose only event is a kind today's API lacks (the older
 * process_connect / process_close / process_listen, or a newer agent's kind) are "skipped"
 * by name: none of them has an honest equivalent in today's API (a process_connect is not
 * a kprobe event: it has no hook, no policy, no arguments), so inventing one would mislead.
 * Every message it returns is free of the line's content: only field names, through
 * safeName(), and fixed text.
 */
import { fromJson, toBinary, type JsonValue } from "@bufbuild/protobuf";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import { decodeErrorReason } from "./decode-error.js";
import { binaryFromJson } from "./json-to-binary.js";
import { OLDER_EVENT_KINDS, type LineResult } from "./line-result.js";
import { stripLogPrefix } from "./log-prefix.js";
import { safeName } from "./safe-name.js";
import { unknownFieldPaths } from "./unknown-fields.js";

export { OLDER_EVENT_KINDS, type LineResult } from "./line-result.js";
export { stripLogPrefix } from "./log-prefix.js";
export { LogReadStats } from "./log-read-stats.js";

const EVENT_KEYS: ReadonlySet<string> = new Set(
  GetEventsResponseSchema.fields
    .filter((f) => f.oneof?.name === "event")
    .flatMap((f) => [f.name, f.jsonName]),
);

const KNOWN_KEYS: ReadonlySet<string> = new Set(
  GetEventsResponseSchema.fields.flatMap((f) => [f.name, f.jsonName]),
);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** V8 says where JSON.parse stopped; the position is a number, safe to show. */
function jsonErrorReason(err: unknown): string {
  const at = err instanceof Error ? /position (\d+)/.exec(err.message)?.[1] : undefined;
  return at === undefined ? "not valid JSON" : `not valid JSON (at character ${at})`;
}

const NO_EVENT: LineResult<never> = {
  kind: "error",
  reason: "no Tetragon event in the object (no process_exec, process_kprobe, … key)",
};

/** undefined when the object holds an event of today's API; else why it is not read. */
function kindOf(json: Record<string, unknown>): LineResult<never> | undefined {
  for (const key of Object.keys(json)) if (EVENT_KEYS.has(key)) return undefined;
  const other = Object.keys(json).find((k) => !KNOWN_KEYS.has(k) && isObject(json[k]));
  if (other === undefined) return NO_EVENT;
  const older = OLDER_EVENT_KINDS.has(other);
  return {
    kind: "skipped",
    eventKind: safeName(other),
    reason: older
      ? "an older Tetragon event kind, removed from today's API"
      : "an event kind unknown to this reader (a newer agent?)",
  };
}

/** The line's JSON object when it holds an event of today's API; else what the line is. */
function eventJson(line: string): { json: Record<string, unknown> } | LineResult<never> {
  const text = stripLogPrefix(line);
  if (text === "") return { kind: "blank" };
  if (!text.startsWith("{")) return { kind: "error", reason: "not a JSON object" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { kind: "error", reason: jsonErrorReason(err) };
  }
  if (!isObject(json)) return { kind: "error", reason: "not a JSON object" };
  return kindOf(json) ?? { json };
}

function decoded(json: Record<string, unknown>): LineResult {
  const unknownFields = unknownFieldPaths(GetEventsResponseSchema, json);
  try {
    const message = fromJson(GetEventsResponseSchema, json as JsonValue, {
      ignoreUnknownFields: true,
    });
    // {"process_exec": null} decodes to no event at all.
    if (message.event.case === undefined) return NO_EVENT;
    return { kind: "event", message, unknownFields };
  } catch (err) {
    return {
      kind: "error",
      reason: decodeErrorReason(GetEventsResponseSchema, json as JsonValue, err),
    };
  }
}

export function readTetragonJsonLine(line: string): LineResult {
  const read = eventJson(line);
  return "json" in read ? decoded(read.json) : read;
}

/**
 * readTetragonJsonLine() with the event as GetEventsResponse bytes (exactly
 * `toBinary(GetEventsResponseSchema, message)`), for relays that only forward the event:
 * written straight from the JSON (json-to-binary.ts), several times faster than through
 * the message; JSON that writer leaves (nulls and other rarities) takes the message path.
 */
export function readTetragonJsonLineEncoded(line: string): LineResult<Uint8Array> {
  const read = eventJson(line);
  if (!("json" in read)) return read;
  const fast = binaryFromJson(GetEventsResponseSchema, read.json);
  if (fast !== undefined) {
    const unknownFields = fast.unknownKeys
      ? unknownFieldPaths(GetEventsResponseSchema, read.json)
      : [];
    return { kind: "event", message: fast.bytes, unknownFields };
  }
  const result = decoded(read.json);
  if (result.kind !== "event") return result;
  return { ...result, message: toBinary(GetEventsResponseSchema, result.message) };
}
