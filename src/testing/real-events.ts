/**
 * The 32 real Tetragon events of ../shared/tetragon-api/real-events.jsonl (examples published
 * in the Tetragon repository), for tests. The folder lives beside the repo; when it is absent
 * (a fresh clone elsewhere) this returns undefined and the tests skip with REAL_EVENTS_SKIP.
 */
import { fromJsonString } from "@bufbuild/protobuf";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";

export const REAL_EVENTS_URL = new URL(
  "../../../shared/tetragon-api/real-events.jsonl",
  import.meta.url,
);

export const REAL_EVENTS_SKIP = `real events not found at ${fileURLToPath(REAL_EVENTS_URL)} (the ../shared reference folder is absent): skipping`;

export interface RealEvent {
  /** The JSON line as the agent wrote it. */
  readonly line: string;
  readonly res: GetEventsResponse;
}

export function loadRealEvents(): RealEvent[] | undefined {
  const path = fileURLToPath(REAL_EVENTS_URL);
  if (!existsSync(path)) return undefined;
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((line) => ({ line, res: fromJsonString(GetEventsResponseSchema, line) }));
}
