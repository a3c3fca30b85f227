// One flat, type-aware config. Per-folder import rules keep the architecture honest:
// each message says where to go instead.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const noGen = {
  group: ["**/gen/**", "*/gen/*"],
  message:
    "Only src/api and src/model may import generated protobuf code; use EventRow from src/model.",
};
const noReactInStream = {
  group: ["react", "react-dom", "react-dom/*"],
  message: "src/stream is plain TypeScript; bridge to React in src/hooks.",
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
// src/tetra is Tetragon's own semantics (agent filter, CEL, label selectors, tetra flags),
// shared by the page, the ingest worker and the gateway.
const tetraImportsOnly = {
  regex: "^(?!\\./[^/]+$|\\.\\./gen/|@bufbuild/protobuf(/|$)|@bufbuild/cel(/|$)|re2js$)",
  message:
    "src/tetra is pure TS for the page, workers and the gateway: it may import src/gen, @bufbuild/protobuf, @bufbuild/cel and re2js only.",
};
const noTesting = {
  group: ["**/testing/**"],
  message: "src/testing is for tests; production code must not import fixtures or fakes.",
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
  {
    files: ["src/**/*.{ts,tsx}"],
    ignores: [
      "src/api/**",
      "src/model/**",
      "src/gen/**",
      "src/testing/**",
      "src/**/*.test.{ts,tsx}",
      "src/workers/**",
    ],
    rules: { "no-restricted-imports": ["error", { patterns: [noGen, noTesting] }] },
  },
  {
    files: ["src/stream/**/*.ts"],
    ignores: ["src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noReactInStream, noGen, noTesting] }],
      // Time and I/O are injected into stream/ so it can be tested with fake clocks.
      "no-restricted-globals": [
        "error",
        { name: "setTimeout", message: "Use the injected Clock." },
        { name: "setInterval", message: "Use the injected Clock." },
        { name: "requestAnimationFrame", message: "Use the injected frame scheduler." },
        { name: "fetch", message: "Use the injected transport." },
        { name: "Date", message: "Use the injected Clock." },
      ],
    },
  },
  pureFolder("src/logs", logsImportsOnly),
  pureFolder("src/tetra", tetraImportsOnly),
  {
    // The counts aggregation runs in the ingest worker: plain TS, time passed in, no DOM.
    files: ["src/stats/rate-buckets.ts", "src/stats/top-counts.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["react", "react-dom", "react-dom/*"],
              message: "The counts aggregation runs in the ingest worker; React parts are *.tsx.",
            },
            noGen,
            noTesting,
          ],
        },
      ],
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
