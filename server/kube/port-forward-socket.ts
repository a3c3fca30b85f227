/**
 * A TCP-like Duplex to a port inside a pod, over `pods/portforward` (WebSocket,
 * v4.channel.k8s.io only: kubelets refuse v5 for port-forward). HTTP/2 runs on top of it
 * (`http2.connect({ createConnection })` wants a socket synchronously, so the Duplex exists at
 * once and holds writes until the WebSocket is open).
 *
 * Channels: 0 carries data both ways, 1 carries the kubelet's error text; the first message
 * the kubelet sends on each channel is the 2-byte little-endian port number, which is checked
 * and dropped. When nothing listens on the port the kubelet writes its error on channel 1 and
 * closes the WebSocket: the Duplex then closes and `onError` gets a PortForwardError carrying
 * that text. Any WebSocket close ends the Duplex (client-node's PortForward forgets this, leaving
 * the local socket open forever).
 *
 * Backpressure: when the reader stops reading (push returns false) the WebSocket's socket is
 * paused; `_read` resumes it. Writes complete when ws has handed the frame to the socket.
 */
import { Duplex } from "node:stream";
import type { KubeConfig } from "@kubernetes/client-node";
import { WebSocket } from "ws";
import { channelFrame, openChannelSocket } from "./channel-socket.js";

export const portForwardProtocols = ["v4.channel.k8s.io"] as const;

/** The kubelet could not connect to the port inside the pod (its words, bounded). */
export class PortForwardError extends Error {
  constructor(readonly kubeletMessage: string) {
    super(`port-forward failed: ${kubeletMessage}`);
    this.name = "PortForwardError";
  }

  /** Nothing listens there (as opposed to the pod or network going away). */
  get refused(): boolean {
    return /connection refused|connect: no route|failed to connect to localhost/i.test(
      this.kubeletMessage,
    );
  }
}

export interface PortForwardTarget {
  namespace: string;
  pod: string;
  port: number;
}

const maxErrorText = 1024;

export function openPortForward(
  kc: KubeConfig,
  target: PortForwardTarget,
  onError?: (err: Error) => void,
): Duplex {
  const path =
    `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/` +
    `${encodeURIComponent(target.pod)}/portforward?ports=${String(target.port)}`;
  const opening = new AbortController();
  let ws: WebSocket | undefined;
  let pendingWrites: { chunk: Buffer; callback: (err?: Error | null) => void }[] = [];
  const portHeaderSeen = [false, false];
  let errorText = "";

  const send = (chunk: Buffer, callback: (err?: Error | null) => void): void => {
    // A closing WebSocket drops the write: its close handler ends the Duplex with the reason.
    if (ws?.readyState !== WebSocket.OPEN) {
      callback(null);
      return;
    }
    // A failed write means the WebSocket is going away: report it, let its close handler end
    // the Duplex (an error raised from the Duplex could reach no listener, see `fail`).
    ws.send(channelFrame(0, chunk), (err) => {
      if (err) onError?.(err);
      callback(null);
    });
  };

  const duplex = new Duplex({
    write(chunk: Buffer, _encoding, callback) {
      if (ws === undefined) pendingWrites.push({ chunk, callback });
      else send(chunk, callback);
    },
    read() {
      if (ws?.isPaused === true) ws.resume();
    },
    final(callback) {
      ws?.close(1000);
      callback();
    },
    destroy(err, callback) {
      opening.abort(err ?? new Error("port-forward closed"));
      ws?.terminate();
      for (const w of pendingWrites) w.callback(err ?? new Error("port-forward closed"));
      pendingWrites = [];
      callback(err);
    },
  });

  // The reason goes to `onError`, and the Duplex closes without an error: an HTTP/2 session
  // re-emits its socket's error, and one its owner has stopped listening to (connect's
  // session manager after an abort) would crash the process.
  // Nothing above raises an error on the Duplex; this listener keeps it that way should Node
  // ever do so on its own after the HTTP/2 session stopped listening.
  duplex.on("error", () => undefined);
  const fail = (err: Error): void => {
    onError?.(err);
    duplex.destroy();
  };

  openChannelSocket(kc, path, portForwardProtocols, opening.signal).then(
    (socket) => {
      if (duplex.destroyed) {
        socket.terminate();
        return;
      }
      ws = socket;
      socket.on("message", (data: Buffer, isBinary: boolean) => {
        if (!isBinary || data.byteLength < 1) return;
        const channel = data[0] ?? -1;
        let body = data.subarray(1);
        if (channel === 0 || channel === 1) {
          if (!portHeaderSeen[channel]) {
            portHeaderSeen[channel] = true;
            body = body.subarray(2);
          }
          if (body.byteLength === 0) return;
          if (channel === 0) {
            if (!duplex.push(body)) socket.pause();
          } else if (errorText.length < maxErrorText) {
            errorText += body.toString("utf8").slice(0, maxErrorText - errorText.length);
          }
        }
      });
      socket.on("close", () => {
        if (errorText !== "") fail(new PortForwardError(errorText.trim()));
        else duplex.push(null);
      });
      socket.on("error", fail);
      const queued = pendingWrites;
      pendingWrites = [];
      for (const w of queued) send(w.chunk, w.callback);
    },
    (err: unknown) => {
      fail(err instanceof Error ? err : new Error(String(err)));
    },
  );
  return duplex;
}
