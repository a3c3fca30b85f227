/**
 * What the detail pane and the JSONL export need from one event's bytes: the event decoded in
 * full (fromBinary) and described (detail.ts, privileges.ts), in the worker, so the page only receives text.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import { escapeJsonSpecials } from "../lib/text.js";
import type { DetailSection } from "../model/detail-section.js";
import { ancestry, describeEvent, rawJson, rawJsonPretty } from "./detail.js";
import { eventPrivilegeBadges, type PrivilegeBadge } from "./privileges.js";

export interface FullDescription {
  readonly sections: readonly DetailSection[];
  readonly ancestry: readonly string[];
  /** The privilege badges of the event's process (privileges.ts). */
  readonly badges: readonly PrivilegeBadge[];
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
      badges: eventPrivilegeBadges(res),
      json: rawJson(res),
      pretty: rawJsonPretty(res),
      error: "",
    };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { sections: [], ancestry: [], badges: [], json: "", pretty: "", error };
  }
}

/**
 * One JSONL line: the event as `tetra getevents -o json` prints it, bidi and invisible
 * characters escaped as \uXXXX (same JSON values). Throws when the bytes do not decode.
 */
export function jsonLine(bytes: Uint8Array): string {
  return escapeJsonSpecials(rawJson(fromBinary(GetEventsResponseSchema, bytes)));
}
