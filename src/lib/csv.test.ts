import { describe, expect, it } from "vitest";
import { csvCell, csvLine, toCsv } from "./csv";

/** A minimal RFC 4180 reader, to check the encoder round-trips (quotes, commas, newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

describe("csvCell", () => {
  it.each([
    ["plain", '"plain"'],
    ["", '""'],
    ['say "hi"', '"say ""hi"""'],
    ["a,b", '"a,b"'],
    // Formula injection: every trigger character gets a leading quote.
    ['=HYPERLINK("http://evil","x")', '"\'=HYPERLINK(""http://evil"",""x"")"'],
    ["+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\""],
    ["-2+3", '"\'-2+3"'],
    ["@SUM(A1)", '"\'@SUM(A1)"'],
    // Control characters are shown as markers, so a raw TAB/CR/LF never reaches the file.
    ["\t=1", '"␉=1"'],
    ["\r=1", '"␍=1"'],
    ["line1\nline2", '"line1␊line2"'],
    ["\u001b[31mred\u001b[0m", '"␛[31mred␛[0m"'],
    ["/tmp/\u202Eexe.sh", '"/tmp/⟨U+202E⟩exe.sh"'],
    ["<script>alert(1)</script>", '"<script>alert(1)</script>"'],
  ])("%j -> %s", (input, out) => {
    expect(csvCell(input)).toBe(out);
  });
});

describe("toCsv", () => {
  it("writes CRLF lines that a CSV reader splits back into the same (neutralised) cells", () => {
    const hostile = ['a "quoted", value', "=1+1", "x\r\ny", "🚀 ok"];
    const text = toCsv(["A", "B", "C", "D"], [hostile, ["1", "2", "3", "4"]]);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.split("\r\n")).toHaveLength(4);
    expect(parseCsv(text)).toEqual([
      ["A", "B", "C", "D"],
      ['a "quoted", value', "'=1+1", "x␍␊y", "🚀 ok"],
      ["1", "2", "3", "4"],
    ]);
  });

  it("keeps a 1 MiB cell whole", () => {
    const big = "x".repeat(1024 * 1024);
    expect(csvLine([big])).toBe(`"${big}"\r\n`);
  });
});
