import { describe, expect, it } from "vitest";
import { EventType } from "../gen/tetragon/events_pb.js";
import { EVENT_KINDS, KIND_NAMES } from "../model/event-kind.js";
import { eventTypeOfKind, kindOfEventType } from "./kinds.js";

describe("kinds <-> EventType", () => {
  it("maps every kind to its EventType and back, under the name the model gives it", () => {
    for (const k of EVENT_KINDS) {
      const t = eventTypeOfKind(k);
      expect(t).toBeDefined();
      expect(kindOfEventType(t!)).toBe(k);
      expect(EventType[t!]).toBe(KIND_NAMES[k].enumName);
    }
    expect(eventTypeOfKind("unknown")).toBeUndefined();
    expect(kindOfEventType(EventType.UNDEF)).toBe("unknown");
  });

  it("covers every EventType but UNDEF", () => {
    const values = Object.values(EventType).filter((v): v is EventType => typeof v === "number");
    const named = new Set(EVENT_KINDS.map((k) => eventTypeOfKind(k)));
    for (const v of values) if (v !== EventType.UNDEF) expect(named).toContain(v);
  });
});
