/**
 * The lint bans that keep attacker-controlled event strings out of HTML parsers and code
 * paths, proven against the project's own eslint.config.js: each banned construct must be
 * reported (and the safe form must not be). Type-aware rules are switched off here, since
 * the snippets are not part of a TypeScript project.
 */
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({
  cwd: new URL("../..", import.meta.url).pathname,
  overrideConfigFile: "eslint.config.js",
  overrideConfig: [tseslint.configs.disableTypeChecked],
});

async function restricted(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: "src/components/Probe.tsx" });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === "no-restricted-syntax" || m.ruleId === "no-eval")
    .map((m) => m.message);
}

describe("security lint bans", () => {
  it.each([
    [
      "dangerouslySetInnerHTML",
      "export const A = (p: { s: string }) => <div dangerouslySetInnerHTML={{ __html: p.s }} />;",
    ],
    ["innerHTML", "export function f(el: HTMLElement, s: string) { el.innerHTML = s; }"],
    ["outerHTML", "export function f(el: HTMLElement, s: string) { el.outerHTML = s; }"],
    [
      "insertAdjacentHTML",
      "export function f(el: HTMLElement, s: string) { el.insertAdjacentHTML('beforeend', s); }",
    ],
    ["new Function", "export const f = new Function('return 1');"],
    ["eval", "export const f = (s: string) => eval(s);"],
    ["document.write", "export function f(s: string) { document.write(s); }"],
    ["document.writeln", "export function f(s: string) { document.writeln(s); }"],
    ["srcDoc", "export const A = (p: { s: string }) => <iframe srcDoc={p.s} />;"],
    ["srcdoc =", "export function f(el: HTMLIFrameElement, s: string) { el.srcdoc = s; }"],
    ["javascript: href", 'export const A = () => <a href="javascript:alert(1)">x</a>;'],
    [
      "javascript: href (spaced, upper case)",
      'export const A = () => <a href=" JAVASCRIPT:alert(1)">x</a>;',
    ],
    [
      "javascript: assignment",
      "export function f(a: HTMLAnchorElement) { a.href = 'javascript:alert(1)'; }",
    ],
  ])("reports %s", async (_name, code) => {
    expect(await restricted(code)).toHaveLength(1);
  });

  it("allows the safe forms", async () => {
    const code = [
      "export const A = (p: { s: string }) => <div title={p.s}>{p.s}</div>;",
      "export function f(el: HTMLElement, s: string) { el.textContent = s; }",
      'export const B = () => <a href="https://ebpf.io">docs</a>;',
      'export const C = "javascript: is only text here";',
    ].join("\n");
    expect(await restricted(code)).toEqual([]);
  });
});
