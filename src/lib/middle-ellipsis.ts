/**
 * Where to cut a name whose END tells it apart (pod `payments-api-kkncl8vgvf-x2fh6`, node
 * `gke-john-632-default-pool-1a2b`, container, binary path): the name is split into a head
 * the cell may shorten with an ellipsis and a tail it always shows. The table renders the
 * head in a span with CSS `text-overflow: ellipsis` and the tail after it (MiddleEllipsis).
 *
 * Why CSS and not counting characters: the ellipsis then appears only when the column is
 * actually too narrow, follows every resize without measuring text, is exact for any font
 * and emoji, and the DOM keeps the full value (screen readers, copy, find-in-page and the
 * fit-to-content measurement all see every character). This function only decides what
 * must stay visible, which is a property of the name, not of the width.
 */

/** Characters that end a meaningful part of a name: path, dash, dot, colon, at, underscore. */
const SEPARATORS = "/-._:@";
/** The kept tail is at least this long (a "-1" alone says little)... */
const MIN_TAIL = 5;
/** ...and at most this long, so a narrow column still shows some of the head. */
const MAX_TAIL = 20;

export interface NameParts {
  /** The part that may be cut at its end ("" when the whole name is short). */
  readonly head: string;
  /** The part always shown (the whole name when it is short). */
  readonly tail: string;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Splits `name` so its last meaningful part(s) form the tail: from the last separator that
 * leaves a tail of MIN_TAIL..MAX_TAIL characters; without one, the last MAX_TAIL / 2
 * characters. Names up to MAX_TAIL characters stay whole (nothing to cut).
 */
export function splitForMiddleEllipsis(name: string): NameParts {
  if (name.length <= MAX_TAIL) return { head: "", tail: name };
  let start = -1;
  for (let i = name.length - 1; i > 0 && name.length - i <= MAX_TAIL; i--) {
    if (SEPARATORS.includes(name.charAt(i))) {
      start = i;
      if (name.length - i >= MIN_TAIL) break;
    }
  }
  if (start < 0 || name.length - start < MIN_TAIL) start = name.length - MAX_TAIL / 2;
  // Never between the two halves of a surrogate pair (an emoji would become two marks).
  if (isLowSurrogate(name.charCodeAt(start))) start -= 1;
  return { head: name.slice(0, start), tail: name.slice(start) };
}
