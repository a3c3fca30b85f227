import { gzipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { isGzip, MaybeGunzip } from "./gunzip.js";

const text = Array.from({ length: 2000 }, (_, i) => `{"line":${i}}`).join("\n");
const plain = new TextEncoder().encode(text);

function run(input: Uint8Array, size: number): { out: string; compressed: boolean | undefined } {
  const g = new MaybeGunzip();
  const parts: Uint8Array[] = [];
  for (let i = 0; i < input.length; i += size) parts.push(...g.push(input.subarray(i, i + size)));
  parts.push(...g.end());
  const decoder = new TextDecoder();
  return {
    out: parts.map((p) => decoder.decode(p, { stream: true })).join("") + decoder.decode(),
    compressed: g.compressed,
  };
}

describe("MaybeGunzip", () => {
  test("gunzips by magic bytes, in chunks of any size (even 1 byte)", () => {
    const gz = gzipSync(plain);
    expect(isGzip(gz)).toBe(true);
    for (const size of [1, 2, 3, 100, 4096, gz.length]) {
      expect(run(gz, size)).toEqual({ out: text, compressed: true });
    }
  });

  test("streams: output arrives before the input ends", () => {
    const big = new TextEncoder().encode(
      Array.from({ length: 100_000 }, (_, i) => `{"n":${(i * 7919) % 100_003}}`).join("\n"),
    );
    const gz = gzipSync(big);
    const g = new MaybeGunzip();
    let out = 0;
    const chunk = 4096;
    for (let i = 0; i < gz.length - chunk; i += chunk)
      for (const p of g.push(gz.subarray(i, i + chunk))) out += p.length;
    // Most of the text is out while the last chunk is still unread.
    expect(out).toBeGreaterThan(big.length / 2);
  });

  test("passes plain bytes through untouched", () => {
    expect(isGzip(plain)).toBe(false);
    for (const size of [1, 7, plain.length])
      expect(run(plain, size)).toEqual({ out: text, compressed: false });
    expect(run(new Uint8Array([0x1f]), 1)).toEqual({ out: "\u001f", compressed: false });
    expect(run(new Uint8Array(0), 1)).toEqual({ out: "", compressed: false });
  });

  test("reads concatenated gzip members (cat a.gz b.gz)", () => {
    const a = gzipSync(new TextEncoder().encode("first\n"));
    const b = gzipSync(new TextEncoder().encode("second\n"));
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    for (const size of [1, 5, both.length]) expect(run(both, size).out).toBe("first\nsecond\n");
  });

  test("a cut-short gzip file is a clear error", () => {
    const gz = gzipSync(plain);
    expect(() => run(gz.subarray(0, gz.length - 20), 512)).toThrow(/^gzip: .*corrupt or cut short/);
  });

  test("corrupt data after the header is a clear error", () => {
    const gz = gzipSync(plain);
    const bad = gz.slice();
    for (let i = 12; i < 60; i++) bad[i] = 0xff;
    expect(() => run(bad, 64)).toThrow(/^gzip: /);
  });
});
