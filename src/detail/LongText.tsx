/**
 * A value of any length in the detail pane. Up to `limit` characters are shown at once; a
 * longer value (a 1 MiB argument) shows its head and a "Show all" button. Shown in full, the
 * text is cut into blocks with `content-visibility: auto`, so the browser lays out only the
 * blocks in view and the page stays responsive. Every piece goes through visibleTextFull.
 */
import { useState } from "react";
import { chunks, visibleLines, visibleTextFull } from "../lib/text";
import { formatCount } from "../lib/format-count";

/** Characters shown before "Show all": a few screens of text in the 30rem pane. */
export const DETAIL_LIMIT = 4_096;
const BLOCK = 8_192;

export function LongText(props: {
  text: string;
  limit?: number;
  /** Keep LF as line breaks (pretty JSON) instead of showing them as ␊. */
  keepLineBreaks?: boolean;
}) {
  const { text } = props;
  const limit = props.limit ?? DETAIL_LIMIT;
  const visible = props.keepLineBreaks === true ? visibleLines : visibleTextFull;
  const [all, setAll] = useState(false);
  if (text.length <= limit) return <>{visible(text)}</>;
  if (!all) {
    const head = chunks(text, limit)[0] ?? "";
    return (
      <>
        {visible(head)}
        <span className="text-slate-500">… </span>
        <button
          type="button"
          onClick={() => {
            setAll(true);
          }}
          className="rounded border border-slate-300 px-1 font-sans text-[11px] text-sky-700 hover:bg-slate-100 dark:border-slate-600 dark:text-sky-300 dark:hover:bg-slate-800"
        >
          Show all ({formatCount(text.length)} characters)
        </button>
      </>
    );
  }
  return (
    <span data-long-text="full" className="block">
      {chunks(text, BLOCK).map((piece, i) => (
        // The pieces of one immutable string: the index is their identity.
        <span
          key={i}
          className="block [contain-intrinsic-size:auto_12rem] [content-visibility:auto]"
        >
          {visible(piece)}
        </span>
      ))}
    </span>
  );
}
