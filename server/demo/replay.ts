/*
 * Replay of a Tetragon JSON log: `tetragon.log` / `tetragon.log.gz` (one GetEventsResponse
 * per line, protobuf JSON with snake_case names) or `kubectl logs ... -c export-stdout`
 * output, with or without `--prefix` / `--timestamps`. Lines that do not decode are skipped
 * and reported by line number only: their content is attacker-controlled and never
 * printed. The source loops over the file forever and re-stamps each event's `time` so the
 * stream looks live.
 */
import { fromJson, type JsonValue } from "@bufbuild/protobuf";
import { gunzipSync } from "fflate";
import { readFileSync } from "node:fs";
import {
  GetEventsResponseSchema,
  type GetEventsResponse,
} from "../../src/gen/tetragon/events_pb.js";
import type { EventSource } from "./event-stream.js";
import { timestampOf } from "./process-proto.js";

export interface ReplayLog {
  events: GetEventsResponse[];
  /** Non-empty lines that were not events. */
  skipped: number;
}

/** Warnings are per line for the first few, then one total. */
const MAX_LINE_WARNINGS = 10;

// `kubectl logs --prefix` adds "[pod/name/container] "; `--timestamps` adds an RFC 3339 time.
const KUBECTL_PREFIX = /^\[[^\]\s]*\]\s+/;
const TIMESTAMP_PREFIX = /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)\s+/;

export function stripLogPrefix(line: string): string {
  let s = line.trim();
  s = s.replace(KUBECTL_PREFIX, "");
  s = s.replace(TIMESTAMP_PREFIX, "");
  return s;
}

export function parseLogText(text: string, warn: (line: string) => void): ReplayLog {
  const events: GetEventsResponse[] = [];
  let skipped = 0;
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = stripLogPrefix(raw);
    if (line === "") return;
    let reason: string | undefined;
    if (!line.startsWith("{")) {
      reason = "not a JSON object";
    } else {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        reason = "not valid JSON";
      }
      if (reason === undefined) {
        try {
          events.push(fromJson(GetEventsResponseSchema, json as JsonValue));
        } catch {
          reason = "not a Tetragon event (unknown field or wrong type)";
        }
      }
    }
    if (reason !== undefined) {
      skipped++;
      if (skipped <= MAX_LINE_WARNINGS) warn(`replay: skipping line ${i + 1}: ${reason}`);
    }
  });
  if (skipped > MAX_LINE_WARNINGS) warn(`replay: skipped ${skipped} lines in total`);
  return { events, skipped };
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Reads the whole file (gunzipping by magic bytes, whatever the name). */
export function loadReplayFile(path: string, warn: (line: string) => void): ReplayLog {
  const bytes = readFileSync(path);
  const raw = isGzip(bytes) ? gunzipSync(bytes) : bytes;
  const log = parseLogText(new TextDecoder().decode(raw), warn);
  if (log.events.length === 0) {
    throw new Error(`replay: no Tetragon events in ${path} (${log.skipped} lines skipped)`);
  }
  return log;
}

/** Loops over the log; `time` advances by meanIntervalMs per event from startTime. */
export function createReplaySource(
  log: ReplayLog,
  options: { startTime: number; meanIntervalMs: number },
): EventSource {
  let index = 0;
  let timeMs = options.startTime;
  return {
    next(): GetEventsResponse {
      const event = log.events[index % log.events.length];
      if (!event) throw new Error("replay: empty log");
      index++;
      timeMs += options.meanIntervalMs;
      return { ...event, time: timestampOf(timeMs) };
    },
  };
}
