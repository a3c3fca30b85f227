/**
 * The one command line the gateway ever runs in a pod, and the argv it becomes for a
 * browser's GetEventsRequest.
 *
 * `tetra getevents -o json` in container `tetragon` prints what the agent's GetEvents
 * streams, one protobuf-JSON event per line; it finds the agent's socket by itself. It is
 * read-only: it calls GetEvents and nothing else. Nothing from a browser is ever executed:
 * filter values only ever become the *values* of tetra's filter flags, each its own argv
 * element (no shell is involved: exec takes an argv list).
 *
 * Which flag says which part of the request is src/tetra/flags.ts, the one table the page's
 * "Copy as tetra command" uses too. A request it cannot express exactly is refused
 * (`unsupported` names each part) rather than silently widened.
 */
import { Code } from "@connectrpc/connect";
import type { GetEventsRequest } from "../../src/gen/tetragon/events_pb.js";
import { requestToTetraArgs } from "../../src/tetra/flags.js";

/** The allow-listed command line (argv), before the filter flags. */
export const tetraGetEventsCommand: readonly string[] = Object.freeze([
  "tetra",
  "getevents",
  "-o",
  "json",
]);

/** The container the command runs in (Tetragon's Helm chart names it so). */
export const tetraContainer = "tetragon";

export type TetraCommand =
  { ok: true; args: string[] } | { ok: false; unsupported: readonly string[] };

/** The full argv for `request` (the constant command line plus its filter flags). */
export function tetraCommandFor(request: GetEventsRequest): TetraCommand {
  const mapped = requestToTetraArgs(request);
  const unsupported = [...mapped.unsupported];
  // execve() takes NUL-terminated strings: such a value would be cut short, not sent.
  if (mapped.args.some((a) => a.includes("\0"))) unsupported.push("a value with a NUL character");
  return unsupported.length > 0
    ? { ok: false, unsupported }
    : { ok: true, args: [...tetraGetEventsCommand, ...mapped.args] };
}

/** Why tetra refused to run the request, when retrying it cannot help. */
export interface TetraRefusal {
  /** A gRPC code the browser gets: InvalidArgument, or the agent's own rejection code. */
  code: Code;
  reason: string;
}

/** The codes with which an agent refuses a request (as the gRPC path treats them). */
const refusalCodes = new Set([
  Code.InvalidArgument,
  Code.PermissionDenied,
  Code.Unauthenticated,
  Code.FailedPrecondition,
  Code.OutOfRange,
]);

/**
 * Reads the error tetra exited with (its stderr, in the exec failure's message): a flag or
 * value this pod's tetra does not take (an older tetra lacks --policy-names,
 * --cel-expression and newer event types), or the agent's refusal of the request, which tetra
 * prints as a gRPC status. Anything else (the agent went away...) is undefined: a failure to
 * retry.
 */
export function tetraRefusal(stderr: string): TetraRefusal | undefined {
  const flag =
    /unknown flag: (--?[\w-]+)/.exec(stderr)?.[1] ??
    /invalid (?:value|argument ".*") for "(-{0,2}[\w-]+)" flag/.exec(stderr)?.[1];
  if (flag !== undefined) {
    return {
      code: Code.InvalidArgument,
      reason:
        `this pod's tetra does not take ${flag.startsWith("-") ? flag : `--${flag}`} as sent ` +
        "(an older tetra lacks --policy-names, --cel-expression and newer event types): " +
        "remove that filter, or upgrade Tetragon",
    };
  }
  const rpc = /rpc error: code = (\w+) desc = (.*)/.exec(stderr);
  const code = rpc === null ? undefined : Code[rpc[1] as keyof typeof Code];
  if (rpc !== null && code !== undefined && refusalCodes.has(code)) {
    return { code, reason: `the agent refused the request: ${rpc[2] ?? ""}` };
  }
  return undefined;
}
