/**
 * src/gen is committed and never edited by hand: a fresh `buf generate` must reproduce it
 * byte for byte, or someone changed a .proto without regenerating (or edited generated code).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

describe("generated code", () => {
  const out = mkdtempSync(join(tmpdir(), "tetragon-dashboard-gen-"));
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
  });

  it("is what `npm run generate` produces from proto/", () => {
    const run = spawnSync("npx", ["buf", "generate", "--output", out], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);

    const fresh = join(out, "src/gen");
    const committed = "src/gen";
    const freshFiles = listFiles(fresh)
      .map((f) => relative(fresh, f))
      .sort();
    const committedFiles = listFiles(committed)
      .map((f) => relative(committed, f))
      .sort();
    expect(committedFiles).toEqual(freshFiles);
    for (const file of freshFiles) {
      const same =
        readFileSync(join(fresh, file), "utf8") === readFileSync(join(committed, file), "utf8");
      expect(same, `${file} differs from a fresh generate: run npm run generate`).toBe(true);
    }
  });
});
