/**
 * The import rules of docs/ARCHITECTURE.md, proven against the project's own
 * eslint.config.js: each import the document forbids is reported for a file in that folder,
 * and the imports it allows are not. (Type-aware rules are switched off: the snippets are not
 * part of a TypeScript project.)
 */
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({
  cwd: new URL("../..", import.meta.url).pathname,
  overrideConfigFile: "eslint.config.js",
  overrideConfig: [tseslint.configs.disableTypeChecked],
});

async function reported(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "no-restricted-globals")
    .map((m) => m.message);
}

const use = (source: string) => `import * as x from "${source}";\nexport const y = x;\n`;

describe("import rules per folder", () => {
  it.each([
    ["src/app/Probe.tsx", "../ingest/hub"],
    ["src/app/Probe.tsx", "../decode/detail"],
    ["src/table/Probe.tsx", "../ingest/store/event-store"],
    ["src/detail/Probe.tsx", "../decode/detail"],
    ["src/components/Probe.tsx", "@bufbuild/protobuf"],
    ["src/hooks/probe.ts", "../api/clients"],
    ["src/filters/probe.ts", "re2js"],
    ["src/view/probe.ts", "../ingest/hub"],
    ["src/app/Probe.tsx", "../logs/log-reader"],
    ["src/view/probe.ts", "re2js"],
    ["src/view/probe.ts", "react"],
    ["src/view/probe.ts", "../gen/tetragon/events_pb"],
    ["src/model/probe.ts", "../gen/tetragon/events_pb"],
    ["src/model/probe.ts", "../decode/to-row"],
    ["src/model/probe.ts", "../filters/filter-spec"],
    ["src/protocol/probe.ts", "../decode/detail"],
    ["src/protocol/probe.ts", "../ingest/hub"],
    ["src/ingest/probe.ts", "../table/columns"],
    ["src/ingest/probe.ts", "react"],
    ["src/decode/probe.ts", "../ingest/hub"],
    ["src/api/probe.ts", "../ingest/hub"],
    ["src/lib/probe.ts", "../model/row"],
    ["src/detail/Probe.tsx", "../testing/fake-clock"],
    ["src/ingest/probe.ts", "../../testing/fake-clock"],
  ])("%s may not import %s", async (file, source) => {
    expect(await reported(file, use(source))).toHaveLength(1);
  });

  it.each([
    ["src/app/Probe.tsx", "../view/worker-client"],
    ["src/table/Probe.tsx", "../protocol/protocol"],
    ["src/detail/Probe.tsx", "../model/row"],
    ["src/ingest/probe.ts", "../decode/decode-row"],
    ["src/ingest/probe.ts", "../api/clients"],
    ["src/ingest/probe.ts", "fflate"],
    ["src/ingest/probe.ts", "re2js"],
    ["src/ingest/probe.ts", "../logs/log-reader"],
    ["src/decode/probe.ts", "../gen/tetragon/events_pb"],
    ["src/api/probe.ts", "../gen/tetragon/events_pb"],
    ["src/view/probe.ts", "../protocol/protocol"],
    ["src/filters/probe.ts", "../model/event-kind"],
    ["src/ingest/probe.test.ts", "../testing/fake-clock"],
  ])("%s may import %s", async (file, source) => {
    expect(await reported(file, use(source))).toEqual([]);
  });

  it("the worker's timers are injected, except in its composition root", async () => {
    const code = "export const t = setTimeout(() => {}, 1);\n";
    expect(await reported("src/ingest/probe.ts", code)).toHaveLength(1);
    expect(await reported("src/ingest/main.ts", code)).toEqual([]);
  });
});
