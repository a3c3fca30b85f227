/**
 * The kubelet side of `pods/exec` and `pods/portforward` over WebSocket, as the API server
 * relays it: the channel protocol where every binary message starts with one channel byte.
 *
 * - exec (v5/v4/v3/v2.channel.k8s.io, first the client offers wins): stdout on channel 1,
 *   stderr on 2, and the final Status (JSON from v4 on) on channel 3, then close.
 * - portforward (v4.channel.k8s.io only, like the kubelet; a client offering v5 alone gets
 *   403): channel 0 data and channel 1 errors for the one requested port; the first message on
 *   each channel is the 2-byte little-endian port number. When nothing listens on the port the
 *   kubelet writes its error text on channel 1 and closes the WebSocket.
 *
 * Backpressure: writes wait for the socket once ~1 MiB is buffered, so a slow reader slows the
 * producer (the fake tetra's event loop) instead of growing memory.
 */
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import type { PodJson } from "./pod-store.js";

export interface ExecIo {
  /** Resolves when the message may be followed by more (backpressure). */
  stdout(data: Uint8Array): Promise<void>;
  stderr(data: Uint8Array): Promise<void>;
  /** Aborted when the client closes the WebSocket (or the API server restarts). */
  signal: AbortSignal;
}

export type ExecResult = { exitCode: 0 } | { exitCode: number; message: string };

/** What runs "inside" a fake pod. */
export interface PodRuntime {
  /** Connects to `port` in the pod, or says why nothing answers there (kubelet's words). */
  connect(pod: PodJson, port: number): Promise<Socket | { refused: string }>;
  exec(pod: PodJson, container: string, command: string[], io: ExecIo): Promise<ExecResult>;
}

export const execProtocols = [
  "v5.channel.k8s.io",
  "v4.channel.k8s.io",
  "v3.channel.k8s.io",
  "v2.channel.k8s.io",
  "channel.k8s.io",
];
export const portForwardProtocols = ["v4.channel.k8s.io", ""];

const highWaterBytes = 1 << 20;

interface Upgrade {
  req: IncomingMessage;
  socket: Socket;
  head: Buffer;
  url: URL;
  pod: PodJson;
  runtime: PodRuntime;
  subresource: string;
}

type Reject = (socket: Socket, status: number, body: unknown) => void;

/** The first protocol the client offers that the server supports ("" when it offers none). */
function negotiate(req: IncomingMessage, supported: readonly string[]): string | undefined {
  const offered = (req.headers["sec-websocket-protocol"] ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  return (offered.length === 0 ? [""] : offered).find((p) => supported.includes(p));
}

export function handleChannelUpgrade(u: Upgrade, reject: Reject): void {
  const exec = u.subresource === "exec";
  const supported = exec ? execProtocols : portForwardProtocols;
  const protocol = negotiate(u.req, supported);
  if (protocol === undefined) {
    reject(
      u.socket,
      403,
      `requested protocol(s) are not supported: [${u.req.headers["sec-websocket-protocol"] ?? ""}]; supports [${supported.join(" ")}]`,
    );
    return;
  }
  let container = "";
  if (exec) {
    const names = u.pod.spec.containers.map((c) => c.name);
    container = u.url.searchParams.get("container") ?? (names.length === 1 ? (names[0] ?? "") : "");
    if (container === "") {
      reject(
        u.socket,
        400,
        badRequest(
          `a container name must be specified for pod ${u.pod.metadata.name}, choose one of: [${names.join(" ")}]`,
        ),
      );
      return;
    }
    if (!names.includes(container)) {
      reject(
        u.socket,
        400,
        badRequest(`container ${container} is not valid for pod ${u.pod.metadata.name}`),
      );
      return;
    }
  }
  // ws answers with the protocol handleProtocols picks; the kubelet echoes the negotiated one.
  const server = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: () => (protocol === "" ? false : protocol),
  });
  server.handleUpgrade(u.req, u.socket, u.head, (ws) => {
    server.close();
    if (exec) {
      const command = u.url.searchParams.getAll("command");
      void runExec(ws, protocol, u.pod, container, command, u.runtime);
    } else {
      const port = Number(u.url.searchParams.get("ports") ?? "0");
      void forwardPort(ws, port, u.pod, u.runtime);
    }
  });
}

function badRequest(message: string): object {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason: "BadRequest",
    code: 400,
  };
}

function framed(channel: number, data: Uint8Array | string): Buffer {
  const body = typeof data === "string" ? Buffer.from(data) : data;
  const out = Buffer.allocUnsafe(body.byteLength + 1);
  out[0] = channel;
  out.set(body, 1);
  return out;
}

function writer(ws: WebSocket) {
  return (channel: number, data: Uint8Array | string): Promise<void> => {
    if (ws.readyState !== WebSocket.OPEN) return Promise.resolve();
    if (ws.bufferedAmount < highWaterBytes) {
      ws.send(framed(channel, data));
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      ws.send(framed(channel, data), () => {
        resolve();
      });
    });
  };
}

async function runExec(
  ws: WebSocket,
  protocol: string,
  pod: PodJson,
  container: string,
  command: string[],
  runtime: PodRuntime,
): Promise<void> {
  const closed = new AbortController();
  ws.on("close", () => {
    closed.abort();
  });
  ws.on("error", () => {
    closed.abort();
  });
  const write = writer(ws);
  const result = await runtime
    .exec(pod, container, command, {
      stdout: (d) => write(1, d),
      stderr: (d) => write(2, d),
      signal: closed.signal,
    })
    .catch((err: unknown) => ({ exitCode: 126, message: String(err) }));
  if (closed.signal.aborted) return;
  const status =
    result.exitCode === 0
      ? { metadata: {}, status: "Success" }
      : {
          metadata: {},
          status: "Failure",
          message: "message" in result ? result.message : "",
          reason: "NonZeroExitCode",
          details: { causes: [{ reason: "ExitCode", message: String(result.exitCode) }] },
        };
  // v1-v3 carried the error as plain text; v4 and v5 carry a Status object.
  const v4plus = protocol.startsWith("v4.") || protocol.startsWith("v5.");
  if (v4plus) await write(3, JSON.stringify(status));
  else if (result.exitCode !== 0) await write(3, "message" in result ? result.message : "");
  ws.close(1000);
}

async function forwardPort(
  ws: WebSocket,
  port: number,
  pod: PodJson,
  runtime: PodRuntime,
): Promise<void> {
  const write = writer(ws);
  ws.on("error", () => undefined); // a client that vanished: its close event follows
  const portBytes = Buffer.alloc(2);
  portBytes.writeUInt16LE(port);
  await write(0, portBytes);
  await write(1, portBytes);
  const target = await runtime.connect(pod, port);
  if (ws.readyState !== WebSocket.OPEN) {
    if (!("refused" in target)) target.destroy();
    return;
  }
  if ("refused" in target) {
    await write(1, target.refused);
    ws.close(1000);
    return;
  }
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    if (!isBinary || data.length < 1 || data[0] !== 0) return;
    target.write(data.subarray(1));
  });
  ws.on("close", () => target.destroy());
  target.on("data", (chunk: Buffer) => {
    if (ws.bufferedAmount >= highWaterBytes) {
      target.pause();
      ws.send(framed(0, chunk), () => target.resume());
    } else ws.send(framed(0, chunk));
  });
  target.on("close", () => {
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
  });
  target.on("error", () => undefined);
}
