/**
 * One TCP port for HTTP/1.1 (browsers' gRPC-Web and Connect, static files) and cleartext
 * HTTP/2 with prior knowledge (native gRPC clients such as grpcurl -plaintext). The first
 * bytes of each connection decide: the HTTP/2 preface starts with "PRI * HTTP/2.0".
 */
import type { NodeRequest, NodeResponse } from "./node-types.js";
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";

type Handler = (req: NodeRequest, res: NodeResponse) => void;

export interface DualServer {
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
  /** Open client sockets (for leak tests). */
  connections(): number;
}

const preface = Buffer.from("PRI * HTTP/2.0");

export function createDualServer(handler: Handler): DualServer {
  const h1 = http.createServer(handler);
  const h2 = http2.createServer({}, handler);
  const sockets = new Set<net.Socket>();

  // noDelay: events are small writes that must leave at once (Nagle would hold them back).
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    // Same dance as httpolyglot: peek at the first chunk, put it back, hand the socket over.
    // node's http2 session reads bytes left in the socket's buffer before its own handle.
    socket.once("data", (head: Buffer) => {
      socket.pause();
      socket.unshift(head);
      const n = Math.min(head.length, preface.length);
      const isH2 = head.subarray(0, n).equals(preface.subarray(0, n));
      (isH2 ? h2 : h1).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
  });

  return {
    connections: () => sockets.size,
    listen: (port, host) =>
      new Promise<number>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address();
          resolve(typeof address === "object" && address !== null ? address.port : port);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const socket of sockets) socket.destroy();
        h1.closeAllConnections();
      }),
  };
}
