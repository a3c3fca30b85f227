import { describe, expect, it } from "vitest";
import {
  CELL_MAX_CHARS,
  chunks,
  escapeJsonSpecials,
  neutraliseForCopy,
  visibleText,
  visibleTextFull,
} from "./text.js";

describe("visibleText", () => {
  it("returns plain text unchanged (markup is inert text anyway)", () => {
    expect(visibleText("/usr/bin/curl https://ebpf.io")).toBe("/usr/bin/curl https://ebpf.io");
    expect(visibleText("<script>alert(1)</script>")).toBe("<script>alert(1)</script>");
    expect(visibleText("ünïcødé ✓ 🚀")).toBe("ünïcødé ✓ 🚀");
  });

  it("C0 controls become Control Pictures", () => {
    expect(visibleText("a\u0000b")).toBe("a␀b");
    expect(visibleText("line1\nline2\r\t")).toBe("line1␊line2␍␉");
    expect(visibleText("\u0007")).toBe("␇");
    expect(visibleText("\u007f")).toBe("␡");
  });

  it("ANSI and OSC escapes are shown, not interpreted", () => {
    expect(visibleText("\u001b[31mred\u001b[0m")).toBe("␛[31mred␛[0m");
    expect(visibleText("\u001b]8;;http://x\u0007link")).toBe("␛]8;;http://x␇link");
  });

  it("C1 controls become \\xNN", () => {
    expect(visibleText("a\u0085b\u009b")).toBe("a\\x85b\\x9B");
  });

  it("bidi overrides and isolates become visible markers", () => {
    expect(visibleText("/tmp/\u202Eexe.sh")).toBe("/tmp/⟨U+202E⟩exe.sh");
    for (const cp of [
      0x202a, 0x202b, 0x202c, 0x202d, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f,
    ]) {
      const hex = cp.toString(16).toUpperCase();
      expect(visibleText(String.fromCharCode(cp))).toBe(`⟨U+${hex}⟩`);
    }
  });

  it("zero-width and invisible characters become visible markers", () => {
    expect(visibleText("a\u200bb\u200cc\u200dd\ufeffe\u2060f")).toBe(
      "a⟨U+200B⟩b⟨U+200C⟩c⟨U+200D⟩d⟨U+FEFF⟩e⟨U+2060⟩f",
    );
    expect(visibleText("\u00ad")).toBe("⟨U+00AD⟩");
    expect(visibleText("x\u{e0041}")).toBe("x⟨U+E0041⟩");
  });

  it("lone surrogates are marked; pairs are kept", () => {
    expect(visibleText("a\ud800b")).toBe("a⟨U+D800⟩b");
    expect(visibleText("🚀")).toBe("🚀");
  });

  it("caps long strings with a count of what was cut", () => {
    const s = "x".repeat(1024 * 1024);
    const v = visibleText(s);
    expect(v.startsWith("x".repeat(CELL_MAX_CHARS))).toBe(true);
    expect(v.endsWith(`… (${s.length - CELL_MAX_CHARS} more)`)).toBe(true);
    expect(visibleText("abcdef", 3)).toBe("abc… (3 more)");
    expect(visibleTextFull(s)).toBe(s);
  });

  it("never splits a surrogate pair when cutting", () => {
    expect(visibleText("ab🚀cd", 3)).toBe("ab… (4 more)");
  });
});

describe("neutraliseForCopy", () => {
  it.each([
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+1", "'+1"],
    ["-2", "'-2"],
    ["@cmd", "'@cmd"],
    ["\tx", "'\tx"],
    ["\rx", "'\rx"],
    ["/usr/bin/curl", "/usr/bin/curl"],
    ["", ""],
  ])("%j -> %j", (input, out) => {
    expect(neutraliseForCopy(input)).toBe(out);
  });
});

describe("escapeJsonSpecials", () => {
  it("escapes bidi, zero-width, C1 and DEL inside JSON strings to the same values", () => {
    const value = {
      a: "/tmp/\u202Eexe.sh",
      b: "x\u200by\ufeff\u0085\u007f",
      c: "tag\u{e0041}",
      d: "plain 🚀 \u001b[31m",
    };
    const json = JSON.stringify(value);
    const out = escapeJsonSpecials(json);
    expect(out).not.toMatch(/[\u007f-\u009f\u200b\u202e\ufeff]/u);
    expect(out).toContain("\\u202E");
    expect(out).toContain("\\uDB40\\uDC41");
    expect(JSON.parse(out)).toEqual(value);
  });

  it("leaves plain JSON as it is", () => {
    expect(escapeJsonSpecials('{"a":"b"}')).toBe('{"a":"b"}');
  });
});

describe("chunks", () => {
  it("cuts without splitting surrogate pairs and loses nothing", () => {
    const s = `${"a".repeat(5)}🚀${"b".repeat(5)}`;
    const parts = chunks(s, 6);
    expect(parts.join("")).toBe(s);
    expect(parts[0]).toBe("aaaaa");
    expect(parts.every((p) => p.length <= 6)).toBe(true);
    expect(chunks("", 4)).toEqual([]);
    expect(chunks("x".repeat(10), 4)).toEqual(["xxxx", "xxxx", "xx"]);
  });
});
