/**
 * `tetra getevents` as it behaves inside the fake `tetragon` container: parses the flags the
 * way the real CLI does (cobra/pflag string slices: each value is one CSV record, so
 * `--processes '"a,b"'` is the single regex `a,b`), builds the one allow-list Filter the real
 * CLI builds (cmd/tetra/getevents/getevents.go: binary_regex, namespace, pod_regex,
 * event_set, plus -f/-F field filters), and prints each event the agent would send as one
 * protobuf-JSON line with snake_case names.
 *
 * Output goes out in chunks of up to 32 KiB cut at arbitrary bytes — like a pipe read by the
 * container runtime — so readers must reassemble lines across messages.
 */
import { create, toJsonString } from "@bufbuild/protobuf";
import {
  EventType,
  FieldFilterAction,
  FieldFilterSchema,
  type Filter,
  type GetEventsRequest,
  FilterSchema,
  GetEventsRequestSchema,
  GetEventsResponseSchema,
  type GetEventsResponse,
} from "../../../src/gen/tetragon/events_pb.js";
import { compileEventFilter } from "../../demo/event-filter.js";
import { type EventSource, pacedEvents } from "../../demo/event-stream.js";
import type { ExecIo, ExecResult } from "./channel-server.js";

const chunkBytes = 32 * 1024;

/** One CSV record, as Go's encoding/csv reads a pflag string-slice value. */
export function readCsvRecord(value: string): string[] {
  if (value === "") return [];
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (value[i] === '"') {
      i++;
      for (;;) {
        if (i >= value.length) throw new Error(`extraneous or missing " in quoted-field`);
        const ch = value[i] ?? "";
        if (ch === '"') {
          if (value[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += ch;
        i++;
      }
      if (i < value.length && value[i] !== ",") throw new Error(`extraneous " in field`);
    } else {
      const end = value.indexOf(",", i);
      field = value.slice(i, end < 0 ? undefined : end);
      if (field.includes('"')) throw new Error(`bare " in non-quoted-field`);
      i = end < 0 ? value.length : end;
    }
    out.push(field);
    if (i >= value.length) return out;
    i++; // the comma
  }
}

const sliceFlags: Record<string, keyof Pick<Filter, "binaryRegex" | "namespace" | "podRegex">> = {
  "--processes": "binaryRegex",
  "--namespaces": "namespace",
  "-n": "namespace",
  "--pods": "podRegex",
};

export type ParsedTetra = { ok: true; request: GetEventsRequest } | { ok: false; message: string };

/** argv after `tetra getevents`: the request the real CLI would send. */
export function parseGetEventsArgs(args: readonly string[]): ParsedTetra {
  const filter = create(FilterSchema);
  const include: string[] = [];
  const exclude: string[] = [];
  let output = "json";
  let any = false;
  for (let i = 0; i < args.length; i++) {
    const token = args[i] ?? "";
    const eq = token.indexOf("=");
    const name = token.startsWith("-") && eq > 0 ? token.slice(0, eq) : token;
    const known = [
      "-o",
      "--output",
      "-e",
      "--event-types",
      "-f",
      "--include-fields",
      "-F",
      "--exclude-fields",
    ];
    if (!(name in sliceFlags) && !known.includes(name))
      return { ok: false, message: `unknown flag: ${name}` };
    const value = eq > 0 ? token.slice(eq + 1) : args[++i];
    if (value === undefined) return { ok: false, message: `flag needs an argument: ${name}` };
    let values: string[];
    try {
      values = readCsvRecord(value);
    } catch (err) {
      return {
        ok: false,
        message: `invalid argument "${value}" for "${name}" flag: ${String(err)}`,
      };
    }
    const field = sliceFlags[name];
    if (field !== undefined) {
      filter[field].push(...values);
      any = true;
    } else if (name === "-o" || name === "--output") output = value;
    else if (name === "-e" || name === "--event-types") {
      for (const v of values) {
        const type = EventType[v as keyof typeof EventType] as EventType | undefined;
        if (type === undefined)
          return { ok: false, message: `invalid value for "event-types" flag: ${v}` };
        filter.eventSet.push(type);
      }
      any = true;
    } else if (name === "-f" || name === "--include-fields") include.push(...values);
    else if (name === "-F" || name === "--exclude-fields") exclude.push(...values);
    else return { ok: false, message: `unknown flag: ${name}` };
  }
  if (output !== "json") return { ok: false, message: `the fake tetra prints json only` };
  const request = create(GetEventsRequestSchema, { allowList: any ? [filter] : [] });
  for (const [paths, action] of [
    [include, FieldFilterAction.INCLUDE],
    [exclude, FieldFilterAction.EXCLUDE],
  ] as const) {
    if (paths.length > 0)
      request.fieldFilters.push(
        create(FieldFilterSchema, { fields: { paths: [...paths] }, action }),
      );
  }
  return { ok: true, request };
}

export interface TetraOptions {
  /** The node's event source and its pace (events/s; Infinity: as fast as the reader takes). */
  source: () => EventSource;
  rate: number;
  /** Rewrites each JSON line before it is printed (e.g. a real event with this node's name). */
  toLine?: (event: GetEventsResponse) => string;
}

/** Runs `command` as the fake container would. */
export async function runTetra(
  command: readonly string[],
  io: ExecIo,
  options: TetraOptions,
): Promise<ExecResult> {
  if (command[0] !== "tetra") {
    return {
      exitCode: 127,
      message: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${command[0] ?? ""}": executable file not found in $PATH: unknown`,
    };
  }
  if (command[1] !== "getevents") {
    return {
      exitCode: 1,
      message: `command terminated with non-zero exit code: error executing command [${command.join(" ")}], exit code 1`,
    };
  }
  const parsed = parseGetEventsArgs(command.slice(2));
  if (!parsed.ok) {
    await io.stderr(new TextEncoder().encode(`Error: ${parsed.message}\n`));
    return { exitCode: 1, message: `command terminated with non-zero exit code: exit code 1` };
  }
  const accept = compileEventFilter(parsed.request);
  const toLine =
    options.toLine ??
    ((e: GetEventsResponse) =>
      toJsonString(GetEventsResponseSchema, e, { useProtoFieldName: true }));
  let parts: Buffer[] = [];
  let size = 0;
  let flushScheduled = false;
  // Each flush takes its bytes synchronously, so writes leave in order even when two overlap.
  const flush = async (all: boolean): Promise<void> => {
    if (size < chunkBytes && !(all && size > 0)) return;
    let bytes = Buffer.concat(parts, size);
    const chunks: Buffer[] = [];
    while (bytes.byteLength >= chunkBytes || (all && bytes.byteLength > 0)) {
      const cut = Math.min(chunkBytes, bytes.byteLength);
      chunks.push(bytes.subarray(0, cut));
      bytes = bytes.subarray(cut);
    }
    parts = bytes.byteLength > 0 ? [bytes] : [];
    size = bytes.byteLength;
    for (const chunk of chunks) await io.stdout(chunk);
  };
  const rate = Number.isFinite(options.rate) ? options.rate : 1_000_000;
  for await (const event of pacedEvents(options.source(), rate, accept, io.signal)) {
    const line = Buffer.from(`${toLine(event)}\n`);
    parts.push(line);
    size += line.byteLength;
    if (size >= chunkBytes) await flush(false);
    if (!flushScheduled) {
      flushScheduled = true;
      // After this burst of due events, the rest goes out before the generator sleeps.
      setImmediate(() => {
        flushScheduled = false;
        void flush(true);
      });
    }
  }
  return { exitCode: 0 };
}
