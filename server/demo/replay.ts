/*
 * Loading a Tetragon JSON log for --replay: `tetragon.log` / `tetragon.log.gz` (gzip by
 * magic bytes, whatever the name), `kubectl logs … -c export-stdout` output with or without
 * --prefix / --timestamps, `tetra getevents -o json` output. The file is streamed through
 * src/logs (one lenient reader for all three places that read such logs): unknown fields are
 * tolerated, older kinds skipped, broken lines counted — and all of it reported in ONE
 * warning line naming fields and kinds, never a line's content (attacker-controlled).
 * The events stay in memory so every stream can replay them from the start.
 */
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { createReadStream } from "node:fs";
import type { GetEventsResponse } from "../../src/gen/tetragon/events_pb.js";
import { readTetragonLogEvents, TetragonLogReader } from "../../src/logs/log-reader.js";

export interface ReplayLog {
  events: GetEventsResponse[];
  /** Each event's own `time` in epoch ms (undefined when the line had none). */
  timesMs: (number | undefined)[];
}

export async function loadReplayFile(
  path: string,
  warn: (line: string) => void,
): Promise<ReplayLog> {
  const reader = new TetragonLogReader();
  const events: GetEventsResponse[] = [];
  try {
    for await (const { message } of readTetragonLogEvents(createReadStream(path), reader))
      events.push(message);
  } catch (err) {
    // fs errors name the path (ENOENT, EACCES); gzip errors are fixed text: neither echoes content.
    throw new Error(
      `replay: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
  const summary = reader.stats.summary();
  if (events.length === 0) {
    throw new Error(
      `replay: no Tetragon events in ${path}${summary === "" ? "" : ` (${summary})`}`,
    );
  }
  if (summary !== "") warn(`replay: ${path}: ${summary}`);
  return { events, timesMs: events.map((e) => (e.time ? timestampMs(e.time) : undefined)) };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
}

/** "32 events, 2021-10-18T20:08:55Z … 2022-10-18T03:16:22Z" for the startup line. */
export function describeReplayLog(log: ReplayLog): string {
  const times = log.timesMs.filter((t): t is number => t !== undefined);
  const count = `${log.events.length} event${log.events.length === 1 ? "" : "s"}`;
  if (times.length === 0) return `${count}, no times`;
  return `${count}, ${iso(Math.min(...times))} … ${iso(Math.max(...times))}`;
}
