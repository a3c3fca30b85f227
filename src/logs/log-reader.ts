/*
 * A whole Tetragon JSON log, streamed: byte chunks (gzip detected by magic bytes) or text
 * chunks in, one LineResult per line out, counted in `stats` for the one warning line at
 * the end. Holds at most one chunk, one unfinished line and the gunzip window in memory.
 * Used by the demo agent's --replay (Node) and meant for the browser's "Open log…" (worker)
 * and cluster mode's `tetra getevents -o json` output.
 */
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import { MaybeGunzip } from "./gunzip.js";
import type { LineResult } from "./line-result.js";
import { LineSplitter, type SplitLine } from "./line-splitter.js";
import { LogReadStats } from "./log-read-stats.js";
import { readTetragonJsonLine } from "./tetragon-json.js";

export interface ReadLine {
  lineNumber: number;
  result: LineResult;
}

function resultOf(line: SplitLine): LineResult {
  if ("text" in line) return readTetragonJsonLine(line.text);
  const { chars, max } = line.tooLong;
  return {
    kind: "error",
    reason: `line of ${chars} characters is over the ${max}-character limit`,
  };
}

export class TetragonLogReader {
  readonly stats = new LogReadStats();
  readonly #gunzip = new MaybeGunzip();
  readonly #splitter: LineSplitter;

  constructor(options: { maxLineChars?: number } = {}) {
    this.#splitter = new LineSplitter(options);
  }

  push(chunk: Uint8Array | string): ReadLine[] {
    if (typeof chunk === "string") return this.#read(this.#splitter.push(chunk));
    return this.#read(this.#gunzip.push(chunk).flatMap((bytes) => this.#splitter.push(bytes)));
  }

  /** The last line without a newline; throws when a gzip stream was cut short. */
  end(): ReadLine[] {
    const tail = this.#gunzip.end().flatMap((bytes) => this.#splitter.push(bytes));
    return this.#read([...tail, ...this.#splitter.end()]);
  }

  #read(lines: SplitLine[]): ReadLine[] {
    return lines.map((line) => {
      const result = resultOf(line);
      this.stats.add(result, line.lineNumber);
      return { lineNumber: line.lineNumber, result };
    });
  }
}

export interface LogEvent {
  message: GetEventsResponse;
  lineNumber: number;
}

/** The events of a log read from `chunks` (a Node stream, a Blob's stream...), in order. */
export async function* readTetragonLogEvents(
  chunks: AsyncIterable<Uint8Array | string>,
  reader = new TetragonLogReader(),
): AsyncGenerator<LogEvent> {
  const events = function* (lines: ReadLine[]): Generator<LogEvent> {
    for (const { lineNumber, result } of lines)
      if (result.kind === "event") yield { message: result.message, lineNumber };
  };
  for await (const chunk of chunks) yield* events(reader.push(chunk));
  yield* events(reader.end());
}
