// One flat, type-aware config. Per-folder import rules keep the architecture honest:
// each message says where to go instead.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// ---- Import rules: the layout follows the thread boundary (docs/ARCHITECTURE.md) ----------
//
//   worker side   src/ingest (the buffer, views, hub), src/decode (protobuf -> rows),
//                 src/api (gRPC-Web edge)
//   page side     src/view (the worker's client), src/hooks, src/app, src/table, src/detail,
//                 src/components, src/filters, src/agents, src/process, src/stats/*.tsx
//   shared, pure  src/protocol (wire types), src/model (rows, kinds, columns), src/lib,
//                 src/stats/*.ts (counts the worker keeps), src/tetra (Tetragon's semantics:
//                 also the gateway's)
//
// Type-only imports across the boundary are allowed (`import type` is erased at build, so it
// moves no code into the page bundle and runs nothing on the wrong thread); values are not.
//
// Each folder gets exactly one block below (a later block would replace, not extend, an
// earlier one's list), with every group it may not import and where to go instead.

const PAGE = ["view", "hooks", "app", "table", "detail", "components", "agents", "process"];
const under = (...folders) => folders.map((f) => `**/${f}/**`);

const rule = {
  gen: {
    group: under("gen"),
    allowTypeImports: true,
    message:
      "Only src/decode and src/api read generated protobuf code. The page gets RowView (src/model) and wire data (src/protocol); decoding happens in the ingest worker (src/decode).",
  },
  decode: {
    group: under("decode"),
    allowTypeImports: true,
    message:
      "src/decode runs in the ingest worker (it pulls protobuf-es and the generated code in): ask the worker for decoded data through src/view/worker-client.ts.",
  },
  api: {
    group: under("api"),
    allowTypeImports: true,
    message:
      "src/api is the ingest worker's gRPC-Web edge: the page reaches the gateway only through the worker (src/view/worker-client.ts).",
  },
  logs: {
    group: under("logs"),
    allowTypeImports: true,
    message:
      "src/logs reads Tetragon JSON logs with protobuf-es: it runs in the ingest worker (Open log…) and in Node, never in the page.",
  },
  ingest: {
    group: under("ingest"),
    allowTypeImports: true,
    message:
      "The page never imports the ingest worker's code: talk to it with the messages of src/protocol through src/view/worker-client.ts.",
  },
  page: {
    group: under(...PAGE),
    message:
      "The worker and the shared code never import page code: send the page data as src/protocol messages.",
  },
  upward: {
    group: under("filters", "protocol"),
    message:
      "src/model and src/decode sit below filters and the protocol: keep them free of both (move shared types down into src/model).",
  },
  app: {
    group: under("model", "decode", "api", "ingest", "logs", "protocol", "filters", "gen", ...PAGE),
    message: "src/lib is tiny generic helpers: it imports nothing of the app.",
  },
  workerLibs: {
    group: ["re2js", "fflate", "@bufbuild/protobuf", "@bufbuild/protobuf/*", "@connectrpc/*"],
    message:
      "This runs in the ingest worker (RE2 filtering in src/ingest/query, compression in src/ingest/store, protobuf in src/decode, gRPC in src/api): the page bundle stays small and its main thread free.",
  },
  react: {
    group: ["react", "react-dom", "react-dom/*", "@tanstack/*"],
    message:
      "React is the page's: the worker and the shared code stay plain TypeScript (src/view is plain too; bridge to React in src/hooks).",
  },
  testing: {
    group: ["**/testing/**"],
    message: "src/testing is for tests; production code must not import fixtures or fakes.",
  },
};

/** One folder's import rule (tests are free to import anything). */
function folderRule(folder, ...groups) {
  return {
    files: [`src/${folder}/**/*.{ts,tsx}`],
    ignores: ["src/**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [...groups, rule.testing] }],
    },
  };
}

const importRules = [
  folderRule("lib", rule.app, rule.workerLibs, rule.react),
  folderRule(
    "model",
    rule.gen,
    rule.decode,
    rule.api,
    rule.ingest,
    rule.page,
    rule.upward,
    rule.workerLibs,
    rule.react,
  ),
  folderRule(
    "protocol",
    rule.gen,
    rule.decode,
    rule.api,
    rule.ingest,
    rule.page,
    rule.workerLibs,
    rule.react,
  ),
  folderRule("decode", rule.api, rule.ingest, rule.page, rule.upward, rule.react),
  folderRule("api", rule.decode, rule.ingest, rule.page, rule.react),
  folderRule("ingest", rule.page, rule.react),
  folderRule(
    "view",
    rule.gen,
    rule.decode,
    rule.api,
    rule.ingest,
    rule.logs,
    rule.workerLibs,
    rule.react,
  ),
  ...["filters", ...PAGE.filter((f) => f !== "view")].map((f) =>
    folderRule(f, rule.gen, rule.decode, rule.api, rule.ingest, rule.logs, rule.workerLibs),
  ),
  // The counts strip: its aggregation (*.ts) runs in the ingest worker, its parts (*.tsx) on the page.
  {
    ...folderRule(
      "stats",
      rule.gen,
      rule.decode,
      rule.api,
      rule.ingest,
      rule.page,
      rule.workerLibs,
      rule.react,
    ),
    files: ["src/stats/**/*.ts"],
  },
  {
    // The worker passes the time in: the counts stay testable without clocks.
    files: ["src/stats/**/*.ts"],
    ignores: ["src/**/*.test.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...["setTimeout", "setInterval", "Date", "performance"].map((name) => ({
          name,
          message: "The worker passes the time in: no clocks or timers here.",
        })),
        ...["window", "document"].map((name) => ({
          name,
          message: "This runs in the ingest worker: no DOM.",
        })),
      ],
    },
  },
  {
    ...folderRule(
      "stats",
      rule.gen,
      rule.decode,
      rule.api,
      rule.ingest,
      rule.logs,
      rule.workerLibs,
    ),
    files: ["src/stats/**/*.tsx"],
  },
  {
    files: ["src/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [rule.gen, rule.decode, rule.api, rule.ingest, rule.workerLibs, rule.testing] },
      ],
    },
  },
];

// src/tetra is Tetragon's own semantics (agent filter, CEL, label selectors, tetra flags),
// shared by the page, the ingest worker and the gateway.
const tetraImportsOnly = {
  regex: "^(?!\\./[^/]+$|\\.\\./gen/|@bufbuild/protobuf(/|$)|@bufbuild/cel(/|$)|re2js$)",
  message:
    "src/tetra is pure TS for the page, workers and the gateway: it may import src/gen, @bufbuild/protobuf, @bufbuild/cel and re2js only.",
};

const noSrcFromServer = {
  group: [
    "../src/*",
    "../../src/*",
    "!../src/gen",
    "!../../src/gen",
    "!../src/logs",
    "!../../src/logs",
    "!../src/tetra",
    "!../../src/tetra",
  ],
  message:
    "server/ may import src/gen, src/logs and src/tetra only; keep app code out of the gateway.",
};
// src/logs runs in Node (demo replay, cluster mode) and in a Web Worker (Open log…).
const logsImportsOnly = {
  regex: "^(?!\\./[^/]+$|\\.\\./gen/|@bufbuild/protobuf(/|$)|fflate$)",
  message:
    "src/logs is pure TS for Node and workers: it may import src/gen, @bufbuild/protobuf and fflate only.",
};

/** A folder of pure TS that runs in Node and in Web Workers: its imports, no DOM or Node globals. */
function pureFolder(folder, importsOnly) {
  return {
    files: [`${folder}/**/*.ts`],
    ignores: ["src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [importsOnly] }],
      "no-restricted-globals": [
        "error",
        ...["window", "document", "navigator", "localStorage", "self", "location"].map((name) => ({
          name,
          message: `${folder} runs in Node too: no DOM globals.`,
        })),
        ...["process", "Buffer", "require", "__dirname", "global"].map((name) => ({
          name,
          message: `${folder} runs in a Web Worker too: no Node globals.`,
        })),
      ],
    },
  };
}

const bannedSyntax = [
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
    message: "Event strings are attacker-controlled: render them as text only.",
  },
  {
    selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]",
    message: "Event strings are attacker-controlled: use textContent.",
  },
  {
    selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
    message: "Event strings are attacker-controlled: build nodes, never HTML strings.",
  },
  { selector: "NewExpression[callee.name='Function']", message: "No code from strings." },
  {
    selector: "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]",
    message: "Event strings are attacker-controlled: document.write parses HTML.",
  },
  {
    selector: "JSXAttribute[name.name=/^src[dD]oc$/]",
    message: "srcdoc parses HTML: never build frames from strings.",
  },
  {
    selector: "AssignmentExpression[left.property.name='srcdoc']",
    message: "srcdoc parses HTML: never build frames from strings.",
  },
  {
    selector:
      "JSXAttribute[name.name=/^(href|src|action|formAction|xlinkHref)$/] Literal[value=/^\\s*javascript:/i]",
    message: "javascript: URLs run code; link to data, not script.",
  },
  {
    selector:
      "AssignmentExpression[left.property.name=/^(href|src|action)$/] > Literal[value=/^\\s*javascript:/i]",
    message: "javascript: URLs run code; link to data, not script.",
  },
];

export default tseslint.config(
  {
    ignores: [
      "src/gen/**",
      "dist/**",
      "dist-server/**",
      "bench/.build/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "bench/results/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Explicit projects: the project service only finds tsconfig.json, and each folder
        // here is typed by its own config.
        project: [
          "./tsconfig.json",
          "./tsconfig.test.json",
          "./tsconfig.server.json",
          "./tsconfig.node.json",
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-restricted-syntax": ["error", ...bannedSyntax],
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    files: ["**/*.{js,mjs}"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  ...importRules,
  {
    // Time and I/O are injected into the worker so its state machines run under fake clocks
    // in tests; main.ts, the worker's composition root, is where the real ones are made.
    files: ["src/ingest/**/*.ts"],
    ignores: ["src/**/*.test.ts", "src/ingest/main.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "setTimeout", message: "Use the injected Clock." },
        { name: "setInterval", message: "Use the injected Clock." },
        { name: "requestAnimationFrame", message: "The worker has no frames; use the Clock." },
        { name: "fetch", message: "Use the injected source / fetchStatus." },
        { name: "Date", message: "Use the injected Clock." },
        { name: "performance", message: "Use the injected TaskScheduler's now()." },
      ],
    },
  },
  pureFolder("src/logs", logsImportsOnly),
  pureFolder("src/tetra", tetraImportsOnly),
  {
    files: ["server/**/*.ts"],
    languageOptions: { globals: globals.node },
    rules: { "no-restricted-imports": ["error", { patterns: [noSrcFromServer] }] },
  },
  {
    files: [
      "**/*.test.{ts,tsx}",
      "e2e/**/*.ts",
      "server/testing/**/*.ts",
      "src/testing/**/*.ts",
      "bench/**/*.ts",
    ],
    languageOptions: { globals: globals.node },
    rules: {
      // Tests read fixtures through loosely typed JSON; non-null assertions there are checked by the assertions that follow.
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
);
