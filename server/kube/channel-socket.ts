/**
 * The client side of the Kubernetes WebSocket channel protocol (exec and port-forward), on the
 * credentials and TLS settings client-node derives from the kubeconfig
 * (`KubeConfig.applyToHTTPSOptions`: bearer token or client certificate, the cluster CA,
 * proxies, exec/OIDC login plugins).
 *
 * Why not client-node's Exec/PortForward classes: they offer v5.channel.k8s.io first (a
 * kubelet answers port-forward only with v4), never close the local stream when the WebSocket
 * closes, write without backpressure, and lose the API server's Status body on a refused
 * upgrade. Here the caller names the subprotocols, a refused upgrade becomes a KubeHttpError
 * with the Status message (so a 403 can name the missing permission), and `pause()`/`resume()`
 * of the socket give backpressure.
 *
 * Framing: every binary message is one channel byte followed by data.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { WebSocket, type ClientOptions } from "ws";
import { KubeHttpError, statusMessageOf } from "./kube-errors.js";

const maxErrorBody = 4096;

/** Opens `path` (with query) on the current cluster; resolves once the upgrade succeeded. */
export async function openChannelSocket(
  kc: KubeConfig,
  pathAndQuery: string,
  protocols: readonly string[],
  signal: AbortSignal,
): Promise<WebSocket> {
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new Error("no current Kubernetes cluster");
  const url = `${cluster.server.replace(/^http/, "ws").replace(/\/$/, "")}${pathAndQuery}`;
  const options: ClientOptions = { perMessageDeflate: false, handshakeTimeout: 15_000 };
  await kc.applyToHTTPSOptions(options);
  signal.throwIfAborted();
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, [...protocols], options);
    const onAbort = (): void => {
      ws.terminate();
      reject(signal.reason as Error);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const settle = (): void => {
      signal.removeEventListener("abort", onAbort);
    };
    ws.once("open", () => {
      settle();
      resolve(ws);
    });
    // `on`, not `once`: a socket error after the upgrade must not go unhandled; the owner
    // of the open WebSocket learns of it through its close event.
    ws.on("error", (err) => {
      settle();
      reject(err);
    });
    ws.once("unexpected-response", (req, res) => {
      // The API server (or kubelet) answered with a Status instead of 101: keep its message.
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        if (size < maxErrorBody) chunks.push(chunk);
        size += chunk.byteLength;
      });
      res.on("end", () => {
        settle();
        const body = Buffer.concat(chunks).subarray(0, maxErrorBody).toString("utf8");
        reject(new KubeHttpError(res.statusCode ?? 0, statusMessageOf(body)));
        req.destroy();
      });
      res.on("error", (err) => {
        settle();
        reject(err);
      });
    });
  });
}

/** One channel message: the channel byte, then `data`. */
export function channelFrame(channel: number, data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(data.byteLength + 1);
  out[0] = channel;
  out.set(data, 1);
  return out;
}
