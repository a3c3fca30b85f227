/*
 * Streaming line splitter: text or UTF-8 byte chunks in (any size, split anywhere, even
 * inside a character or between "\r" and "\n"), complete lines out, numbered from 1.
 * Handles LF and CRLF and a last line without a newline (end()). A line longer than
 * maxLineChars is not kept: its characters are counted and dropped as they arrive, and it
 * comes out as { tooLong } so memory stays bounded whatever the input.
 *
 * State: the parts of the current unfinished line (joined once, when it completes) and the
 * streaming TextDecoder, which holds a character split across byte chunks.
 */

/** Default cap: far above any real event (the largest real ones are tens of KiB). */
export const DEFAULT_MAX_LINE_CHARS = 16 * 1024 * 1024;

export type SplitLine =
  | { lineNumber: number; text: string }
  | { lineNumber: number; tooLong: { chars: number; max: number } };

export class LineSplitter {
  readonly #max: number;
  readonly #decoder = new TextDecoder("utf-8");
  #parts: string[] = [];
  #length = 0;
  #tooLong = false;
  #lineNumber = 0;
  #ended = false;

  constructor(options: { maxLineChars?: number } = {}) {
    this.#max = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  }

  /** Lines completed by this chunk. */
  push(chunk: string | Uint8Array): SplitLine[] {
    if (this.#ended) throw new Error("LineSplitter: push() after end()");
    const text = typeof chunk === "string" ? chunk : this.#decoder.decode(chunk, { stream: true });
    return this.#split(text);
  }

  /** The last line when the input did not end with a newline (and flushes the decoder). */
  end(): SplitLine[] {
    if (this.#ended) return [];
    const out = this.#split(this.#decoder.decode());
    this.#ended = true;
    if (this.#length > 0 || this.#tooLong) out.push(this.#finish());
    return out;
  }

  #split(text: string): SplitLine[] {
    const out: SplitLine[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      this.#append(text.slice(start, nl));
      out.push(this.#finish());
      start = nl + 1;
    }
    if (start < text.length) this.#append(text.slice(start));
    return out;
  }

  #append(part: string): void {
    this.#length += part.length;
    if (this.#tooLong) return;
    // +1: a "\r" before the "\n" is not part of the line.
    if (this.#length > this.#max + 1) {
      this.#tooLong = true;
      this.#parts = [];
      return;
    }
    if (part !== "") this.#parts.push(part);
  }

  #finish(): SplitLine {
    const lineNumber = ++this.#lineNumber;
    let text = this.#tooLong ? "" : this.#parts.join("");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    const result: SplitLine =
      this.#tooLong || text.length > this.#max
        ? { lineNumber, tooLong: { chars: this.#length, max: this.#max } }
        : { lineNumber, text };
    this.#parts = [];
    this.#length = 0;
    this.#tooLong = false;
    return result;
  }
}
