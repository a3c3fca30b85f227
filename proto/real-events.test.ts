/**
 * Every real event from the reference log decodes with our generated schema in strict mode
 * (an unknown field is an error), survives binary encoding, and prints back as the same
 * snake_case JSON the agent's log and `tetra getevents -o json` use.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fromBinary, fromJsonString, toBinary, toJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../src/gen/tetragon/events_pb.js";

const eventsPath = fileURLToPath(
  new URL("../../shared/tetragon-api/real-events.jsonl", import.meta.url),
);
const haveEvents = existsSync(eventsPath);
if (!haveEvents) console.warn(`SKIPPED real events: not found at ${eventsPath}`);
const lines = haveEvents
  ? readFileSync(eventsPath, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
  : [];

describe.skipIf(!haveEvents)("real Tetragon events", () => {
  it("are all there", () => {
    expect(lines).toHaveLength(32);
  });

  it.each(lines.map((line, i) => [i + 1, line] as const))(
    "line %i decodes strictly, round-trips through binary and prints the same JSON",
    (_lineNo, line) => {
      const decoded = fromJsonString(GetEventsResponseSchema, line, { ignoreUnknownFields: false });
      expect(decoded.event.case).toMatch(/^process[A-Z]/);
      const again = fromBinary(GetEventsResponseSchema, toBinary(GetEventsResponseSchema, decoded));
      expect(toJson(GetEventsResponseSchema, again, { useProtoFieldName: true })).toEqual(
        JSON.parse(line),
      );
    },
  );

  it("rejects an unknown field instead of dropping it", () => {
    const withExtra = lines[0]!.replace('"node_name"', '"no_such_field":1,"node_name"');
    expect(() =>
      fromJsonString(GetEventsResponseSchema, withExtra, { ignoreUnknownFields: false }),
    ).toThrow(/no_such_field/);
  });
});
