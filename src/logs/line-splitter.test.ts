import { describe, expect, test } from "vitest";
import { LineSplitter, type SplitLine } from "./line-splitter.js";

const encode = (s: string) => new TextEncoder().encode(s);

/** Every line of `input` fed as byte chunks of `size` bytes. */
function splitBytes(input: string, size: number, max?: number): SplitLine[] {
  const splitter = new LineSplitter(max === undefined ? {} : { maxLineChars: max });
  const bytes = encode(input);
  const out: SplitLine[] = [];
  for (let i = 0; i < bytes.length; i += size)
    out.push(...splitter.push(bytes.subarray(i, i + size)));
  out.push(...splitter.end());
  return out;
}

const texts = (lines: SplitLine[]) => lines.map((l) => ("text" in l ? l.text : l.tooLong));

describe("LineSplitter", () => {
  const input = 'héllo {"a":"€"}\r\nsecond 𝄞 line\n\r\n\nlast, no newline';
  const expected = ['héllo {"a":"€"}', "second 𝄞 line", "", "", "last, no newline"];

  test("LF, CRLF, blank lines and a last line without newline, at every chunk size", () => {
    for (let size = 1; size <= encode(input).length; size++) {
      const lines = splitBytes(input, size);
      expect(texts(lines), `chunks of ${size} bytes`).toEqual(expected);
      expect(lines.map((l) => l.lineNumber)).toEqual([1, 2, 3, 4, 5]);
    }
  });

  test("text chunks split anywhere, including between CR and LF", () => {
    for (let cut = 0; cut <= input.length; cut++) {
      const s = new LineSplitter();
      const lines = [...s.push(input.slice(0, cut)), ...s.push(input.slice(cut)), ...s.end()];
      expect(texts(lines)).toEqual(expected);
    }
  });

  test("a trailing newline does not make an extra empty line", () => {
    expect(texts(splitBytes("a\nb\n", 3))).toEqual(["a", "b"]);
    expect(texts(splitBytes("", 1))).toEqual([]);
  });

  test("an over-long line is counted, dropped and reported; the next lines are intact", () => {
    const long = "x".repeat(1000);
    const lines = splitBytes(`ok\n${long}\r\nafter\n${"y".repeat(11)}`, 7, 10);
    expect(lines).toEqual([
      { lineNumber: 1, text: "ok" },
      { lineNumber: 2, tooLong: { chars: 1001, max: 10 } },
      { lineNumber: 3, text: "after" },
      { lineNumber: 4, tooLong: { chars: 11, max: 10 } },
    ]);
  });

  test("a line of exactly the limit passes, with or without CR", () => {
    expect(texts(splitBytes(`${"z".repeat(10)}\r\n${"z".repeat(10)}`, 4, 10))).toEqual([
      "z".repeat(10),
      "z".repeat(10),
    ]);
  });

  test("invalid UTF-8 becomes U+FFFD instead of failing the read", () => {
    const s = new LineSplitter();
    const lines = [...s.push(new Uint8Array([0x61, 0xff, 0x62, 0x0a])), ...s.end()];
    expect(texts(lines)).toEqual(["a\uFFFDb"]);
  });

  test("push after end is a programming error", () => {
    const s = new LineSplitter();
    s.end();
    expect(() => s.push("x")).toThrow(/after end/);
  });
});
