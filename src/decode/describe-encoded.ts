/**
 * What the detail pane and the JSONL export need from one event's bytes: the event decoded in
 * full (fromBinary) and described (detail.ts), in the worker, so the page only receives text.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import { escapeJsonSpecials } from "../lib/text.js";
import type { DetailSection } from "../model/detail-section.js";
import { ancestry, describeEvent, rawJson, rawJsonPretty } from "./detail.js";

export interface FullDescription {
  readonly sections: readonly DetailSection[];
  readonly ancestry: readonly string[];
  readonly json: string;
  readonly pretty: string;
  /** Why the bytes could not be decoded ("" when they could). */
  readonly error: string;
}

export function describeEncoded(bytes: Uint8Array): FullDescription {
  try {
    const res = fromBinary(GetEventsResponseSchema, bytes);
    return {
      sections: describeEvent(res),
      ancestry: ancestry(res),
      json: rawJson(res),
      pretty: rawJsonPretty(res),
      error: "",
    };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { sections: [], ancestry: [], json: "", pretty: "", error };
  }
}

/**
 * One JSONL line: the event as `tetra getevents -o json` prints it, bidi and invisible
 * characters escaped as \uXXXX (same JSON values). Throws when the bytes do not decode.
 */
export function jsonLine(bytes: Uint8Array): string {
  return escapeJsonSpecials(rawJson(fromBinary(GetEventsResponseSchema, bytes)));
}
