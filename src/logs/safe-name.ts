/*
 * Field and event-kind names from a log are attacker-controlled: a key can hold terminal
 * escapes, bidi overrides or a megabyte of text. safeName() is the only way such a name
 * reaches a warning: ASCII letters, digits, "_" and "-" pass through; every other character
 * (including "." so a key cannot fake a path) is shown as \u{hex}; the result is capped.
 */

/** Longest name shown, in characters of the input; longer names end with "…". */
export const MAX_NAME_CHARS = 64;

const PLAIN = /^[A-Za-z0-9_-]$/;

export function safeName(name: string): string {
  let out = "";
  let count = 0;
  for (const ch of name) {
    if (count === MAX_NAME_CHARS) return `${out}…`;
    count++;
    out += PLAIN.test(ch) ? ch : `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
  }
  return out === "" ? '""' : out;
}
