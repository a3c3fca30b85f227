/** The raw event as `tetra getevents -o json` prints it, with a Copy button. */
import { useState } from "react";
import { neutraliseForCopy, visibleTextFull } from "../lib/text";

/** `json` is copied exactly (one line, as tetra prints it); `pretty` is what the pane shows. */
export function RawJson({ json, pretty }: { json: string; pretty: string }) {
  const [copied, setCopied] = useState<"" | "copied" | "failed">("");
  const copy = () => {
    navigator.clipboard.writeText(neutraliseForCopy(json)).then(
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
      <pre className="max-h-96 overflow-auto rounded bg-slate-100 p-2 font-mono text-[11px] break-all whitespace-pre-wrap dark:bg-slate-900">
        {visibleTextFull(pretty)}
      </pre>
    </section>
  );
}
