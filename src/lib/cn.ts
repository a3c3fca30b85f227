/** Joins class names, skipping falsy parts: `cn("a", cond && "b")`. The one Tailwind helper. */
export function cn(...parts: readonly (string | false | null | undefined | 0)[]): string {
  let out = "";
  for (const part of parts) {
    if (!part) continue;
    out = out === "" ? part : `${out} ${part}`;
  }
  return out;
}
