/**
 * The JSON lines the fake `tetra` prints for the exec figure (bench/kube-bench.ts): real
 * Tetragon events from ../shared when present, else the demo generator's, each re-stamped
 * with the pod's node.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { toJsonString } from "@bufbuild/protobuf";
import { GetEventsResponseSchema } from "../src/gen/tetragon/events_pb.js";
import { createEventGenerator } from "../server/demo/generator.js";
import { repoRoot } from "./stack.js";

/** Real Tetragon events when ../shared has them, else generated ones, as JSON lines. */
export function eventLines(): { lines: string[]; source: string } {
  try {
    const text = readFileSync(
      join(repoRoot, "..", "shared", "tetragon-api", "real-events.jsonl"),
      "utf8",
    );
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    if (lines.length > 0) return { lines, source: "../shared real-events.jsonl" };
  } catch {
    // fall through to generated events
  }
  const gen = createEventGenerator({ seed: 1, startTime: Date.now() });
  const lines = Array.from({ length: 512 }, () =>
    toJsonString(GetEventsResponseSchema, gen.next(), { useProtoFieldName: true }),
  );
  return { lines, source: "generated (demo generator)" };
}

/** Each line re-stamped with `node` as node_name, cycling through the pool. */
export function linePool(node: string, lines: readonly string[]): () => string {
  const pool = lines.map((l) => JSON.stringify({ ...(JSON.parse(l) as object), node_name: node }));
  let i = 0;
  return () => pool[i++ % pool.length] ?? "";
}
