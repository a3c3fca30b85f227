/**
 * "Open log…": reads a Tetragon JSON log the user picked (a File sent by a tab) in the
 * ingest worker, streamed: Blob.stream() chunks -> src/logs' TetragonLogReader (gzip by magic
 * bytes, kubectl prefixes, unknown fields counted by name, older kinds counted) -> each event
 * encoded (toBinary) -> `append`, in file order. Memory: one chunk of the file, one
 * unfinished line and the gunzip window; never the whole file.
 *
 * Progress (bytes read of the file's size, events, the warning line, the first lines that
 * gave no event, by number) goes to `report` at most every PROGRESS_MS while reading and
 * once at the end. Everything reported is free of the file's content: the reader's reasons
 * and names are made safe in src/logs; the file name is the user's own.
 */
import { toBinary } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import { TetragonLogReader, type ReadLine } from "../logs/log-reader.js";
import type { FileSourceState, LogProblem } from "../protocol/protocol.js";

/** Problem lines listed by number (all of them are counted). */
export const MAX_LISTED_PROBLEMS = 20;
const PROGRESS_MS = 100;

export interface ReadLogFileOptions {
  readonly name: string;
  readonly now: () => number;
  /** One event: its encoded bytes and its own time (epoch ms; undefined when it has none). */
  readonly append: (bytes: Uint8Array, timeMs: number | undefined) => void;
  readonly report: (state: FileSourceState) => void;
}

function problemOf({ lineNumber, result }: ReadLine): LogProblem | undefined {
  switch (result.kind) {
    case "error":
      return { line: lineNumber, reason: result.reason };
    case "skipped":
      return { line: lineNumber, reason: `${result.eventKind}: ${result.reason}` };
    case "event":
    case "blank":
      return undefined;
  }
}

/** Reads `file` to the end (or to its first unreadable byte); resolves with the last state. */
export async function readLogFile(
  file: Blob,
  options: ReadLogFileOptions,
): Promise<FileSourceState> {
  const reader = new TetragonLogReader();
  const problems: LogProblem[] = [];
  let problemCount = 0;
  let bytesRead = 0;
  let lastReport = -Infinity;
  const state = (phase: FileSourceState["phase"], error = ""): FileSourceState => ({
    name: options.name,
    phase,
    bytesRead,
    totalBytes: file.size,
    events: reader.stats.events,
    summary: reader.stats.summary(),
    problems: [...problems],
    problemCount,
    error,
  });
  const take = (lines: ReadLine[]): void => {
    for (const line of lines) {
      const { result } = line;
      if (result.kind === "event") {
        const time = result.message.time;
        options.append(
          toBinary(GetEventsResponseSchema, result.message),
          time === undefined ? undefined : timestampMs(time),
        );
        continue;
      }
      const problem = problemOf(line);
      if (problem === undefined) continue;
      problemCount++;
      if (problems.length < MAX_LISTED_PROBLEMS) problems.push(problem);
    }
  };

  const chunks = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await chunks.read();
      if (done) break;
      bytesRead += value.byteLength;
      take(reader.push(value));
      if (options.now() - lastReport >= PROGRESS_MS) {
        lastReport = options.now();
        options.report(state("reading"));
      }
    }
    take(reader.end());
  } catch (err) {
    // Read errors (the file changed or vanished) and gzip errors are fixed text.
    const final = state(
      "failed",
      err instanceof Error ? err.message : "the file could not be read",
    );
    options.report(final);
    return final;
  } finally {
    chunks.releaseLock();
  }
  const final = state("done");
  options.report(final);
  return final;
}
