import { describe, expect, it } from "vitest";
import { EventType } from "../gen/tetragon/events_pb.js";
import {
  EVENT_KINDS,
  eventTypeOfKind,
  KIND_NAMES,
  kindFromName,
  kindOfEventType,
} from "./kinds.js";

describe("kinds", () => {
  it("maps every kind to its EventType and back", () => {
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
    const named = new Set(EVENT_KINDS.map((k) => KIND_NAMES[k].enumValue));
    for (const v of values) if (v !== EventType.UNDEF) expect(named).toContain(v);
  });

  it.each([
    ["exec", "exec"],
    ["process_exec", "exec"],
    ["PROCESS_EXEC", "exec"],
    [" Kprobe ", "kprobe"],
    ["process_lsm", "lsm"],
    ["RATE_LIMIT_INFO", "rate_limit_info"],
    ["process", "exec"],
    ["nope", undefined],
  ])("kindFromName(%j) = %j", (name, kind) => {
    expect(kindFromName(name)).toBe(kind);
  });
});
