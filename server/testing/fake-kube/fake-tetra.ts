/**
 * `tetra getevents` as it behaves inside the fake `tetragon` container: parses the flags the
 * way the real CLI does (cobra/pflag string slices: each value is one CSV record, so
 * `--process '"a,b"'` is the single regex `a,b`; both spellings of namespace/pod/process,
 * --host), builds the one allow-list Filter the real CLI builds (cmd/tetra/getevents/
 * getevents.go: binary_regex, namespace, pod_regex, event_set, policy_names, cel_expression,
 * plus -f/-F field filters; an "older" tetra lacks the two newest flags), and prints each
 * event the agent would send as one protobuf-JSON line with snake_case names. When the
 * agent refuses the request, it prints the gRPC status on stderr and exits 1, as tetra does.
 *
 * Output goes out in chunks of up to 32 KiB cut at arbitrary bytes — like a pipe read by the
 * container runtime — so readers must reassemble lines across messages.
 */
import { create, equals, toJsonString } from "@bufbuild/protobuf";
import {
  EventType,
  FieldFilterAction,
  FieldFilterSchema,
  type GetEventsRequest,
  FilterSchema,
  GetEventsRequestSchema,
  GetEventsResponseSchema,
  type GetEventsResponse,
} from "../../../src/gen/tetragon/events_pb.js";
import { Code, ConnectError } from "@connectrpc/connect";
import { compileEventFilter, type EventPredicate } from "../../demo/event-filter.js";
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

/**
 * Which `tetra` the fake container has: "current" as of cilium/tetragon 874b28ca (-n is
 * --namespace; --policy-names and --cel-expression exist), or "older" as of 01b4fbc (-n is
 * --namespaces; neither of those two flags).
 */
export type TetraVersion = "current" | "older";

type FlagTarget =
  | { slice: "namespace" | "namespaces" | "process" | "processes" | "pod" | "pods" }
  | { slice: "eventTypes" | "include" | "exclude" | "policyNames" | "celExpression" }
  | { bool: "host" | "timestamps" }
  | { text: "output" | "color" | "tty" };

function flagTable(version: TetraVersion): Map<string, FlagTarget> {
  const flags: [string, FlagTarget][] = [
    ["-o", { text: "output" }],
    ["--output", { text: "output" }],
    ["--color", { text: "color" }],
    ["-t", { text: "tty" }],
    ["--tty-encode", { text: "tty" }],
    ["-f", { slice: "include" }],
    ["--include-fields", { slice: "include" }],
    ["-F", { slice: "exclude" }],
    ["--exclude-fields", { slice: "exclude" }],
    ["-e", { slice: "eventTypes" }],
    ["--event-types", { slice: "eventTypes" }],
    ["-n", { slice: version === "current" ? "namespace" : "namespaces" }],
    ["--namespace", { slice: "namespace" }],
    ["--namespaces", { slice: "namespaces" }],
    ["--process", { slice: "process" }],
    ["--processes", { slice: "processes" }],
    ["--pod", { slice: "pod" }],
    ["--pods", { slice: "pods" }],
    ["--host", { bool: "host" }],
    ["--timestamps", { bool: "timestamps" }],
  ];
  if (version === "current") {
    flags.push(["--policy-names", { slice: "policyNames" }]);
    flags.push(["--cel-expression", { slice: "celExpression" }]);
  }
  return new Map(flags);
}

export type ParsedTetra = { ok: true; request: GetEventsRequest } | { ok: false; message: string };

/**
 * argv after `tetra getevents`: the request the real CLI would send (GetFilter and
 * getRequest in cmd/tetra/getevents/getevents.go), or its error message.
 */
export function parseGetEventsArgs(
  args: readonly string[],
  version: TetraVersion = "current",
): ParsedTetra {
  const table = flagTable(version);
  const slices = new Map<string, string[]>();
  let host = false;
  let output = "json";
  for (let i = 0; i < args.length; i++) {
    const token = args[i] ?? "";
    const eq = token.indexOf("=");
    const name = token.startsWith("-") && eq > 0 ? token.slice(0, eq) : token;
    const target = table.get(name);
    if (target === undefined) return { ok: false, message: `unknown flag: ${name}` };
    if ("bool" in target) {
      const value = eq > 0 ? token.slice(eq + 1) : "true";
      if (value !== "true" && value !== "false")
        return { ok: false, message: `invalid argument "${value}" for "${name}" flag` };
      if (target.bool === "host") host = value === "true";
      continue;
    }
    const value = eq > 0 ? token.slice(eq + 1) : args[++i];
    if (value === undefined) return { ok: false, message: `flag needs an argument: ${name}` };
    if ("text" in target) {
      if (target.text === "output") output = value;
      continue;
    }
    try {
      slices.set(target.slice, [...(slices.get(target.slice) ?? []), ...readCsvRecord(value)]);
    } catch (err) {
      return {
        ok: false,
        message: `invalid argument "${value}" for "${name}" flag: ${String(err)}`,
      };
    }
  }
  if (output !== "json" && output !== "compact")
    return { ok: false, message: `invalid value for "output" flag: ${output}` };
  if (output !== "json") return { ok: false, message: "the fake tetra prints json only" };
  const list = (key: string): string[] => slices.get(key) ?? [];
  for (const v of list("eventTypes")) {
    if (typeof EventType[v as keyof typeof EventType] !== "number")
      return { ok: false, message: `invalid value for "event-types" flag: ${v}` };
  }
  // PreRunE merges the two spellings, the primary one first (current: the singular one);
  // GetFilter then adds "" to the namespaces for --host.
  const both = (singular: string, plural: string): string[] =>
    version === "current"
      ? [...list(singular), ...list(plural)]
      : [...list(plural), ...list(singular)];
  const filter = create(FilterSchema, {
    binaryRegex: both("process", "processes"),
    namespace: [...both("namespace", "namespaces"), ...(host ? [""] : [])],
    podRegex: both("pod", "pods"),
    eventSet: list("eventTypes").map((v) => EventType[v as keyof typeof EventType]),
    policyNames: list("policyNames"),
    celExpression: list("celExpression"),
  });
  const any = !equals(FilterSchema, filter, create(FilterSchema));
  const request = create(GetEventsRequestSchema, { allowList: any ? [filter] : [] });
  for (const [paths, action] of [
    [list("include"), FieldFilterAction.INCLUDE],
    [list("exclude"), FieldFilterAction.EXCLUDE],
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
  /** Default "current". */
  version?: TetraVersion;
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
  const fail = async (error: string): Promise<ExecResult> => {
    await io.stderr(new TextEncoder().encode(`Error: ${error}\n`));
    return { exitCode: 1, message: `command terminated with non-zero exit code: exit code 1` };
  };
  const parsed = parseGetEventsArgs(command.slice(2), options.version);
  if (!parsed.ok) return fail(parsed.message);
  let accept: EventPredicate;
  try {
    accept = compileEventFilter(parsed.request);
  } catch (err) {
    // The agent refused the request: tetra prints the gRPC status and exits.
    const status = ConnectError.from(err);
    return fail(
      `failed to receive events: rpc error: code = ${Code[status.code]} desc = ${status.rawMessage}`,
    );
  }
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
