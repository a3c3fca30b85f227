import { describe, expect, it } from "vitest";
import { kindFromName } from "./event-kind.js";

describe("kindFromName", () => {
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
