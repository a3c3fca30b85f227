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
import { readTetragonJsonLine, readTetragonJsonLineEncoded } from "./tetragon-json.js";

export interface ReadLine<Event = GetEventsResponse> {
  lineNumber: number;
  result: LineResult<Event>;
}

function tooLong({ chars, max }: { chars: number; max: number }): LineResult<never> {
  return {
    kind: "error",
    reason: `line of ${chars} characters is over the ${max}-character limit`,
  };
}

/** Reads the lines of a log; `readLine` decides what an event becomes. */
class LogLineReader<Event> {
  readonly stats = new LogReadStats();
  readonly #gunzip = new MaybeGunzip();
  readonly #splitter: LineSplitter;
  readonly #readLine: (line: string) => LineResult<Event>;

  constructor(readLine: (line: string) => LineResult<Event>, options: ReaderOptions) {
    this.#readLine = readLine;
    this.#splitter = new LineSplitter(options);
  }

  push(chunk: Uint8Array | string): ReadLine<Event>[] {
    if (typeof chunk === "string") return this.#read(this.#splitter.push(chunk));
    return this.#read(this.#gunzip.push(chunk).flatMap((bytes) => this.#splitter.push(bytes)));
  }

  /** The last line without a newline; throws when a gzip stream was cut short. */
  end(): ReadLine<Event>[] {
    const tail = this.#gunzip.end().flatMap((bytes) => this.#splitter.push(bytes));
    return this.#read([...tail, ...this.#splitter.end()]);
  }

  #read(lines: SplitLine[]): ReadLine<Event>[] {
    return lines.map((line) => {
      const result = "text" in line ? this.#readLine(line.text) : tooLong(line.tooLong);
      this.stats.add(result, line.lineNumber);
      return { lineNumber: line.lineNumber, result };
    });
  }
}

interface ReaderOptions {
  maxLineChars?: number;
}

/** Events as GetEventsResponse messages. */
export class TetragonLogReader extends LogLineReader<GetEventsResponse> {
  constructor(options: ReaderOptions = {}) {
    super(readTetragonJsonLine, options);
  }
}

/** Events as GetEventsResponse bytes, for relays (cluster mode's exec transport). */
export class EncodedTetragonLogReader extends LogLineReader<Uint8Array> {
  constructor(options: ReaderOptions = {}) {
    super(readTetragonJsonLineEncoded, options);
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
