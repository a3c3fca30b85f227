/**
 * Agents that never answer, for timeout tests: "tcp" accepts connections and never writes a
 * byte (not even the HTTP/2 SETTINGS frame); "h2" completes the HTTP/2 handshake and then
 * never answers a request (no headers, no data, no reset). Both hold what they accept until
 * closed.
 */
import http2 from "node:http2";
import net, { type AddressInfo } from "node:net";

export type BlackHoleKind = "tcp" | "h2";

export interface BlackHole {
  address: string;
  /** Requests received (h2 only). */
  requests(): number;
  close(): Promise<void>;
}

export async function startBlackHole(kind: BlackHoleKind): Promise<BlackHole> {
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  let requests = 0;
  let server: net.Server | http2.Http2Server;
  if (kind === "tcp") {
    server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => sockets.delete(socket));
    });
  } else {
    const h2 = http2.createServer();
    h2.on("session", (s) => {
      sessions.add(s);
      s.on("close", () => sessions.delete(s));
    });
    h2.on("stream", (stream) => {
      requests++;
      stream.on("error", () => undefined);
    });
    server = h2;
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${String(port)}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const s of sockets) s.destroy();
        for (const s of sessions) s.destroy();
      }),
  };
}
