/** The raw event as `tetra getevents -o json` prints it, with a Copy button. */
import { useState } from "react";
import { escapeJsonSpecials } from "../lib/text";
import { LongText } from "./LongText";

/** Raw JSON shown before "Show all" (a few hundred lines). */
const RAW_LIMIT = 16_384;

/**
 * `json` is copied as tetra prints it (one line), with bidi and invisible characters escaped
 * as \uXXXX (the same JSON values, but a terminal or editor cannot hide or reorder text);
 * `pretty` is what the pane shows: its line breaks kept, every other control, bidi or
 * invisible character inside a value made visible (visibleLines).
 */
export function RawJson({ json, pretty }: { json: string; pretty: string }) {
  const [copied, setCopied] = useState<"" | "copied" | "failed">("");
  const copy = () => {
    navigator.clipboard.writeText(escapeJsonSpecials(json)).then(
      () => {
        setCopied("copied");
      },
      () => {
        setCopied("failed");
      },
    );
  };
  return (
    <section className="mb-3">
      <div className="mb-1 flex items-center gap-2">
        <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
          Raw JSON
        </h3>
        <button
          type="button"
          onClick={copy}
          className="rounded border border-slate-300 px-2 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          Copy
        </button>
        <span role="status" className="text-xs text-slate-500">
          {copied === "copied" ? "Copied" : copied === "failed" ? "Copy failed" : ""}
        </span>
      </div>
      {/* Focusable so keyboard users can scroll it; named so it can be found and read. */}
      <pre
        role="region"
        aria-label="Raw JSON"
        tabIndex={0}
        className="max-h-96 overflow-auto rounded bg-slate-100 p-2 font-mono text-[11px] break-all whitespace-pre-wrap dark:bg-slate-900"
      >
        <LongText text={pretty} limit={RAW_LIMIT} keepLineBreaks />
      </pre>
    </section>
  );
}
