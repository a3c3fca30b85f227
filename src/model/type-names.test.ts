import { describe, expect, it } from "vitest";
import { typeCompletions, typeFromName } from "./type-names";

describe("typeFromName", () => {
  it("reads kinds in every spelling, kinds first", () => {
    expect(typeFromName("PROCESS_EXEC")).toEqual({ kind: "exec" });
    expect(typeFromName("process_kprobe")).toEqual({ kind: "kprobe" });
    expect(typeFromName("kprobe")).toEqual({ kind: "kprobe" });
    expect(typeFromName("process")).toEqual({ kind: "exec" });
    expect(typeFromName("exit")).toEqual({ kind: "exit" });
  });

  it("reads the Type column's labels", () => {
    expect(typeFromName("connect")).toEqual({ label: "connect" });
    expect(typeFromName(" Open ")).toEqual({ label: "open" });
    expect(typeFromName("write")).toEqual({ label: "write" });
    expect(typeFromName("mmap-rw")).toEqual({ label: "mmap-rw" });
    expect(typeFromName("conect")).toBeUndefined();
  });
});

describe("typeCompletions", () => {
  it("completes the last name of a list and keeps the rest", () => {
    const names = typeCompletions("exec,con").map((c) => c.name);
    expect(names).toContain("exec,connect");
    expect(names.every((n) => n.startsWith("exec,con"))).toBe(true);
  });

  it("offers kinds and labels for an empty input, and skips names already typed", () => {
    const all = typeCompletions("", 1000).map((c) => c.name);
    for (const n of ["exec", "kprobe", "open", "connect", "write", "PROCESS_EXEC"])
      expect(all).toContain(n);
    expect(typeCompletions("!open,", 1000).map((c) => c.name)).not.toContain("!open,open");
    expect(typeCompletions("!op").map((c) => c.name)).toContain("!open");
  });
});
