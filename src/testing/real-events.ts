/**
 * The 32 real Tetragon events of ../shared/tetragon-api/real-events.jsonl (examples published
 * in the Tetragon repository), for tests. The folder lives beside the repo; when it is absent
 * (a fresh clone elsewhere) this returns undefined and the tests skip with REAL_EVENTS_SKIP.
 */
import { fromJsonString } from "@bufbuild/protobuf";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";

// A path, not `new URL(..., import.meta.url)`: in jsdom tests Vite rewrites that pattern into
// an http://localhost asset URL, which would make every component test skip the real events.
export const REAL_EVENTS_PATH = resolve(
  import.meta.dirname,
  "../../../shared/tetragon-api/real-events.jsonl",
);

export const REAL_EVENTS_SKIP = `real events not found at ${REAL_EVENTS_PATH} (the ../shared reference folder is absent): skipping`;

export interface RealEvent {
  /** The JSON line as the agent wrote it. */
  readonly line: string;
  readonly res: GetEventsResponse;
}

export function loadRealEvents(): RealEvent[] | undefined {
  if (!existsSync(REAL_EVENTS_PATH)) return undefined;
  return readFileSync(REAL_EVENTS_PATH, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((line) => ({ line, res: fromJsonString(GetEventsResponseSchema, line) }));
}
