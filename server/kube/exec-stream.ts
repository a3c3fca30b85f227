/**
 * Runs a command in a pod's container over `pods/exec` (WebSocket, v5 or v4 channel
 * protocol: both end with a JSON Status on channel 3) and yields its stdout bytes as they come.
 *
 * Data flow: channel 1 (stdout) → a bounded chunk queue → the consumer; channel 2 (stderr) is
 * kept, bounded, for the error message; channel 3 carries the final Status. The iterator ends
 * when the command exits with Success, and throws ExecFailedError (Status message + stderr)
 * when it fails or the WebSocket closes without a Status (the pod went away). Aborting `signal`
 * closes the WebSocket.
 *
 * Backpressure: past `highWaterBytes` of unread stdout the WebSocket's socket is paused (TCP
 * then slows the API server and, through it, the command), and resumed once drained.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import type { WebSocket } from "ws";
import { openChannelSocket } from "./channel-socket.js";
import { printable } from "../upstream/agent-reason.js";

export const execProtocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"] as const;
const highWaterBytes = 1 << 20;
const maxStderr = 2048;

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
  command: readonly string[];
}

/** The command failed or its stream broke; `message` is safe to show (printable, bounded). */
export class ExecFailedError extends Error {
  constructor(
    message: string,
    /** The process exited (as opposed to the stream breaking). */
    readonly exited: boolean,
  ) {
    super(message);
    this.name = "ExecFailedError";
  }
}

export function execPath(t: ExecTarget): string {
  const query = new URLSearchParams();
  for (const arg of t.command) query.append("command", arg);
  query.set("container", t.container);
  query.set("stdout", "true");
  query.set("stderr", "true");
  return (
    `/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods/` +
    `${encodeURIComponent(t.pod)}/exec?${query.toString()}`
  );
}

interface Status {
  status?: string;
  message?: string;
}

/** Runs the command; yields stdout until it exits (see the module comment). */
export async function* execStdout(
  kc: KubeConfig,
  target: ExecTarget,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const ws = await openExec(kc, target, signal);
  yield* readExec(ws, signal);
}

/** Starts the command: resolves once the API server accepted the exec (401/403/404 reject). */
export function openExec(
  kc: KubeConfig,
  target: ExecTarget,
  signal: AbortSignal,
): Promise<WebSocket> {
  return openChannelSocket(kc, execPath(target), execProtocols, signal);
}

async function* readExec(ws: WebSocket, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let queued = 0;
  // One object, so the checker sees that the callbacks below change these.
  const seen: { stderr: string; status?: Status; closed: boolean; socketError?: Error } = {
    stderr: "",
    closed: false,
  };
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    if (!isBinary || data.byteLength < 1) return;
    const body = data.subarray(1);
    switch (data[0]) {
      case 1:
        queue.push(body);
        queued += body.byteLength;
        if (queued > highWaterBytes) ws.pause();
        break;
      case 2:
        if (seen.stderr.length < maxStderr) seen.stderr += body.toString("utf8");
        break;
      case 3:
        try {
          seen.status = JSON.parse(body.toString("utf8")) as Status;
        } catch {
          seen.status = { status: "Failure", message: body.toString("utf8") };
        }
        break;
    }
    notify();
  });
  ws.on("close", () => {
    seen.closed = true;
    notify();
  });
  ws.on("error", (err) => {
    seen.socketError = err;
  });
  const onAbort = (): void => {
    ws.close(1000);
  };
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk !== undefined) {
        queued -= chunk.byteLength;
        if (ws.isPaused && queued <= highWaterBytes / 2) ws.resume();
        yield chunk;
        continue;
      }
      if (signal.aborted) return;
      if (seen.closed) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    if (!seen.closed) ws.close(1000);
  }
  const { status, socketError } = seen;
  if (status?.status === "Success") return;
  const detail = printable(seen.stderr.trim(), 300);
  if (status !== undefined) {
    throw new ExecFailedError(
      printable(status.message ?? "the command failed", 300) +
        (detail === "" ? "" : ` (stderr: ${detail})`),
      true,
    );
  }
  throw new ExecFailedError(
    `the exec stream closed without an exit status${socketError === undefined ? "" : ` (${printable(socketError.message, 120)})`}: the pod or the API server went away`,
    false,
  );
}
