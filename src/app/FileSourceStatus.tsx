/**
 * The opened log file as a source: "file: NAME", a progress bar while the worker reads it,
 * then how many events it gave and every warning the reader had (the one summary line with
 * unknown fields and skipped kinds by name, and the lines that gave no event, by number).
 * Shown to every tab, since they share the buffer the file was read into.
 */
import { useExternal } from "../hooks/use-external";
import { formatCount } from "../lib/format-count";
import { visibleText } from "../lib/text";
import type { FileSourceState } from "../protocol/protocol";
import type { ViewClient } from "../view/worker-client";

function percent(s: FileSourceState): string {
  if (s.totalBytes === 0) return "100%";
  return `${String(Math.floor((100 * s.bytesRead) / s.totalBytes))}%`;
}

function events(n: number): string {
  return `${formatCount(n)} event${n === 1 ? "" : "s"}`;
}

export function FileSourceStatus(props: { client: ViewClient; refused: string }) {
  const state = useExternal(props.client.fileSource);
  if (state === null && props.refused === "") return null;
  return (
    <section
      aria-label="File source"
      className="flex flex-col gap-0.5 border-b border-sky-300 bg-sky-50 px-3 py-1 text-xs text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100"
    >
      {props.refused !== "" && <p role="alert">Open log: {props.refused}</p>}
      {state !== null && <FileLine state={state} />}
    </section>
  );
}

function FileLine({ state }: { state: FileSourceState }) {
  const name = visibleText(state.name);
  return (
    <>
      <p role="status" className="flex flex-wrap items-center gap-2">
        <span className="font-semibold" data-testid="file-source">
          <span aria-hidden="true">📄 </span>file: {name}
        </span>
        {state.phase === "reading" && (
          <>
            <progress
              aria-label="Reading log file"
              max={Math.max(1, state.totalBytes)}
              value={state.bytesRead}
              className="h-2 w-40"
            />
            <span>
              reading… {percent(state)}, {events(state.events)}
            </span>
          </>
        )}
        {state.phase === "done" && <span>{events(state.events)} read</span>}
        {state.phase === "failed" && (
          <span className="text-red-700 dark:text-red-300">
            reading stopped after {events(state.events)}: {state.error}
          </span>
        )}
      </p>
      {state.summary !== "" && (
        <p aria-label="Log reading warnings" className="text-amber-800 dark:text-amber-300">
          <span aria-hidden="true">⚠️ </span>
          {state.summary}
        </p>
      )}
      {state.problems.length > 0 && (
        <details>
          <summary className="cursor-pointer">
            {formatCount(state.problemCount)} line{state.problemCount === 1 ? "" : "s"} gave no
            event
            {state.problemCount > state.problems.length
              ? ` (the first ${String(state.problems.length)} listed)`
              : ""}
          </summary>
          <ul aria-label="Lines not read" className="ml-4 list-disc font-mono">
            {state.problems.map((p) => (
              <li key={p.line}>
                line {p.line}: {p.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
