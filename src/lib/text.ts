/**
 * Display-safety for attacker-controlled strings (arguments, paths, pod names, labels...).
 *
 * React already renders strings as text, so markup is inert. What text rendering does NOT
 * neutralise is invisible or reordering code points: a binary named "/tmp/\u202Eexe.sh" reads
 * as "/tmp/hs.exe" in a table, ANSI escapes are copied into terminals, NUL and newlines break
 * cells. `visibleText` turns every such code point into a visible, inert marker and caps the
 * length, so what the analyst sees is what the event contains. Every string a table cell
 * shows goes through it; the detail pane uses `visibleTextFull` (no length cap).
 */

/** Cell cap: enough for any sane argument list, small enough for 200k rows of layout. */
export const CELL_MAX_CHARS = 512;

// C0, DEL, C1; ALM; soft hyphen; Mongolian vowel separator; zero-width and directional marks
// (200B-200F); line/paragraph separators and bidi embeddings/overrides (2028-202E); word
// joiner, invisible operators and bidi isolates (2060-206F); BOM/ZWNBSP; interlinear
// annotation (FFF9-FFFB); tag characters (E0000-E007F, invisible "ASCII smuggling"); and lone
// surrogates (with the `u` flag a surrogate class only matches unpaired halves).
const SPECIAL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}\ud800-\udfff]/u;
const SPECIAL_ALL = new RegExp(SPECIAL.source, "gu");

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, "0");
}

/** The visible stand-in for one special code point. */
export function markerFor(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  // C0 controls map onto the Control Pictures block: NUL -> ␀, ESC -> ␛, LF -> ␊.
  if (cp <= 0x1f) return String.fromCharCode(0x2400 + cp);
  if (cp === 0x7f) return "\u2421"; // ␡
  if (cp <= 0x9f) return `\\x${hex(cp, 2)}`;
  return `\u27e8U+${hex(cp, 4)}\u27e9`; // ⟨U+202E⟩
}

/** Cuts to `max` UTF-16 units without splitting a surrogate pair. */
function cut(s: string, max: number): string {
  let end = max;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return s.slice(0, end);
}

/**
 * Makes control, bidi and invisible characters visible and inert, and caps the length
 * (`maxChars`, default {@link CELL_MAX_CHARS}) with a "… (N more)" note counting the cut
 * characters. Pass `Infinity` for no cap. Plain strings are returned as they are.
 */
export function visibleText(s: string, maxChars: number = CELL_MAX_CHARS): string {
  const long = s.length > maxChars;
  const head = long ? cut(s, maxChars) : s;
  const shown = SPECIAL.test(head) ? head.replace(SPECIAL_ALL, markerFor) : head;
  return long ? `${shown}\u2026 (${s.length - head.length} more)` : shown;
}

/** {@link visibleText} without a length cap: for the detail pane. */
export function visibleTextFull(s: string): string {
  return visibleText(s, Infinity);
}

/**
 * {@link visibleTextFull} for text whose line breaks are its layout, such as pretty-printed
 * JSON: each LF stays a line break and everything else is made visible. Only for text where
 * a raw LF cannot come from an event string (JSON escapes it as `\n` inside values).
 */
export function visibleLines(s: string): string {
  return s.includes("\n") ? s.split("\n").map(visibleTextFull).join("\n") : visibleTextFull(s);
}

/** True when `s` holds any character {@link visibleText} would replace. */
export function hasSpecialChars(s: string): boolean {
  return SPECIAL.test(s);
}

/**
 * Formula-injection guard for CSV/TSV export and clipboard: a cell starting with = + - @,
 * tab or CR is prefixed with `'`, so spreadsheets treat it as text (OWASP CSV injection).
 */
export function neutraliseForCopy(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/**
 * Escapes every character {@link visibleText} would mark (bidi overrides, zero-width, C1, DEL,
 * lone surrogates...) as a JSON `\uXXXX` escape. Only for compact JSON (no whitespace between
 * tokens): there every such character sits inside a string literal, where the escape decodes
 * to the same value — the copied or exported JSON means exactly what the agent sent, but a
 * terminal or editor showing it cannot be tricked into reordering or hiding text.
 * C0 controls are already escaped by JSON serialisation.
 */
export function escapeJsonSpecials(compactJson: string): string {
  if (!SPECIAL.test(compactJson)) return compactJson;
  return compactJson.replace(SPECIAL_ALL, (ch) => {
    let out = "";
    for (let i = 0; i < ch.length; i++) out += `\\u${hex(ch.charCodeAt(i), 4)}`;
    return out;
  });
}

/**
 * Cuts `s` into pieces of about `size` UTF-16 units without splitting a surrogate pair, so a
 * huge value can be shown as many small blocks the browser may lay out lazily.
 */
export function chunks(s: string, size: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < s.length) {
    const piece = cut(s.slice(start, start + size), size);
    // A lone high surrogate as the very last unit: cut() would return "" and loop forever.
    const taken = piece.length > 0 ? piece.length : Math.min(size, s.length - start) || 1;
    out.push(s.slice(start, start + taken));
    start += taken;
  }
  return out;
}
