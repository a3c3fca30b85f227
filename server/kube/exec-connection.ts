/**
 * An AgentConnection over `kubectl exec`-style streaming: each GetEvents runs the
 * allow-listed `tetra getevents -o json` (plus the filter flags of the browser's request) in
 * the pod's `tetragon` container and turns its JSON lines back into GetEventsResponse bytes
 * for the same opaque fan-in every other agent feeds. The browser cannot tell the
 * difference, except in the status.
 *
 * Data flow: exec stdout chunks → EncodedTetragonLogReader (src/logs: line splitting, lenient
 * JSON, unknown fields tolerated and counted, each event written straight to its binary
 * encoding without building the message: the per-line cost that bounds one exec stream) →
 * an opaque message (fields left as unknown, exactly what the gRPC path yields). Lines that are not events are counted and
 * summarised through `onReadSummary` (field names and reasons only, never line content).
 *
 * Unary calls are not possible (`unary: false`): tetra prints events only. A request whose
 * filters `tetra getevents` cannot express is refused (InvalidArgument naming the fields),
 * never silently widened; one the pod's tetra or its agent refuses (tetra exits saying so)
 * is the browser's error too, not a failure to retry.
 */
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import type { KubeConfig } from "@kubernetes/client-node";
import type { GetEventsRequest } from "../../src/gen/tetragon/events_pb.js";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { EncodedTetragonLogReader } from "../../src/logs/log-reader.js";
import type { AgentConnection } from "../upstream/agent-transport.js";
import { ExecFailedError, execStdout, openExec } from "./exec-stream.js";
import {
  tetraCommandFor,
  tetraContainer,
  tetraGetEventsCommand,
  tetraRefusal,
} from "./tetra-command.js";

export const execTransportName = "exec (tetra getevents -o json)";

export interface ExecConnectionOptions {
  kc: KubeConfig;
  namespace: string;
  pod: string;
  /**
   * The reader's one-line summary ("" when every line was a clean event): whenever a line
   * was not clean, and once more (`final`) when the stream ends.
   */
  onReadSummary?: (summary: string, final: boolean) => void;
}

/** Marks an error as the agent's own answer, so the fan-in shows it to the browser. */
function rejection(message: string, code = Code.InvalidArgument): ConnectError {
  const err = new ConnectError(message, code);
  err.metadata.set("grpc-status", String(code));
  return err;
}

/** tetra exited refusing the request (see tetraRefusal): the browser's error, not a retry. */
function refusalOf(err: unknown, pod: string): ConnectError | undefined {
  if (!(err instanceof ExecFailedError) || !err.exited) return undefined;
  const refusal = tetraRefusal(err.message);
  if (refusal === undefined) return undefined;
  return rejection(
    `node agent ${pod} (${execTransportName}): ${refusal.reason} (tetra: ${err.message})`,
    refusal.code,
  );
}

export function dialExec(options: ExecConnectionOptions): AgentConnection {
  const closed = new AbortController();
  const unaryless = createClient(
    FineGuidanceSensors,
    createRouterTransport(() => undefined),
  );
  return {
    client: unaryless,
    unary: false,
    transport: execTransportName,
    abort: (reason) => {
      closed.abort(reason);
    },
    getEventMessages: (request: GetEventsRequest, signal: AbortSignal) =>
      execEvents(options, request, AbortSignal.any([signal, closed.signal])),
  };
}

async function* execEvents(
  options: ExecConnectionOptions,
  request: GetEventsRequest,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array[]> {
  const command = tetraCommandFor(request);
  if (!command.ok) {
    throw rejection(
      `node agent ${options.pod} is reached through ${execTransportName}, which cannot apply these filters: ` +
        `${command.unsupported.join(", ")} (tetra getevents has no flag for them). ` +
        "Remove them, or expose the agent's gRPC on TCP (helm --set tetragon.grpc.address=localhost:54321).",
    );
  }
  const reader = new EncodedTetragonLogReader();
  const target = {
    namespace: options.namespace,
    pod: options.pod,
    container: tetraContainer,
    command: command.args,
  };
  let unclean = 0;
  /** The encoded events of one read, in order; counts the lines that were not clean events. */
  const lines = (read: ReturnType<EncodedTetragonLogReader["push"]>): Uint8Array[] => {
    const messages: Uint8Array[] = [];
    for (const { result } of read) {
      if (result.kind === "event") {
        messages.push(result.message);
        if (result.unknownFields.length === 0) continue;
      } else if (result.kind === "blank") continue;
      unclean++;
    }
    return messages;
  };
  try {
    for await (const chunk of execStdout(options.kc, target, signal)) {
      const before = unclean;
      const messages = lines(reader.push(chunk));
      if (messages.length > 0) yield messages;
      if (unclean !== before) options.onReadSummary?.(reader.stats.summary(), false);
    }
    const last = lines(reader.end());
    if (last.length > 0) yield last;
  } catch (err) {
    throw refusalOf(err, options.pod) ?? err;
  } finally {
    options.onReadSummary?.(reader.stats.summary(), true);
  }
}

/** Opens (and at once closes) the exec stream: proves exec is allowed and the container runs. */
export async function probeExec(options: ExecConnectionOptions, timeoutMs: number): Promise<void> {
  const ws = await openExec(
    options.kc,
    {
      namespace: options.namespace,
      pod: options.pod,
      container: tetraContainer,
      command: tetraGetEventsCommand,
    },
    AbortSignal.timeout(timeoutMs),
  );
  ws.close(1000);
}
