/**
 * One TCP port for HTTP/1.1 (browsers' gRPC-Web and Connect, static files) and cleartext
 * HTTP/2 with prior knowledge (native gRPC clients such as grpcurl -plaintext). The first
 * bytes of each connection decide: the HTTP/2 preface starts with "PRI * HTTP/2.0".
 *
 * Every connection is timed out, whatever the sniffing decides (connection-timeouts.ts):
 * no first byte within `firstByteMs`; HTTP/1.1 headers not complete within `headersMs` or
 * the request within `requestMs` (408); HTTP/1.1 idle between requests for `keepAliveMs`;
 * an h2c session with no open stream for `h2IdleMs`. None of them applies to a response in
 * progress, so a GetEvents stream with no events for hours stays open.
 *
 * State: the open sockets (for close and the gauge) and, per client address, how many are
 * open; over `maxConnectionsPerAddress` a connection is refused (HTTP/1.1: 503 with the
 * reason; h2c: closed).
 */
import type { NodeRequest, NodeResponse } from "./node-types.js";
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import {
  type ConnectionTimeouts,
  defaultConnectionTimeouts,
  closeIdleSessions,
  connectionsCheckingIntervalMs,
} from "./connection-timeouts.js";

type Handler = (req: NodeRequest, res: NodeResponse) => void;

export interface DualServerOptions {
  timeouts?: Partial<ConnectionTimeouts>;
  /** Open connections from one client address; default 256. */
  maxConnectionsPerAddress?: number;
  /** Told about refused connections (throttled by the caller). */
  onRefused?: (address: string, open: number) => void;
}

export interface DualServer {
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
  /** Open client sockets (for leak tests). */
  connections(): number;
}

/** 20 people × 6 HTTP/1.1 connections per browser, through one proxy address, and room. */
export const defaultMaxConnectionsPerAddress = 256;

const preface = Buffer.from("PRI * HTTP/2.0");

export function createDualServer(handler: Handler, options: DualServerOptions = {}): DualServer {
  const timeouts = { ...defaultConnectionTimeouts, ...options.timeouts };
  const maxPerAddress = options.maxConnectionsPerAddress ?? defaultMaxConnectionsPerAddress;
  const h1 = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: connectionsCheckingIntervalMs(timeouts),
    },
    handler,
  );
  // Node checks headersTimeout/requestTimeout from a timer it starts on 'listening'. This
  // server never listens (sockets are handed to it), so start the checks ourselves.
  h1.emit("listening");
  const h2 = http2.createServer({}, handler);
  closeIdleSessions(h2, timeouts.h2IdleMs);
  const sockets = new Set<net.Socket>();
  const perAddress = new Map<string, number>();

  // noDelay: events are small writes that must leave at once (Nagle would hold them back).
  const server = net.createServer({ noDelay: true }, (socket) => {
    const address = socket.remoteAddress ?? "unknown";
    const open = (perAddress.get(address) ?? 0) + 1;
    perAddress.set(address, open);
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
    socket.on("error", () => socket.destroy());
    // A socket that never sends a byte is never handed to HTTP, whose timeouts would not apply.
    socket.setTimeout(timeouts.firstByteMs, () => socket.destroy());
    // Same dance as httpolyglot: peek at the first chunk, put it back, hand the socket over.
    // node's http2 session reads bytes left in the socket's buffer before its own handle.
    socket.once("data", (head: Buffer) => {
      socket.setTimeout(0);
      socket.removeAllListeners("timeout");
      socket.pause();
      const n = Math.min(head.length, preface.length);
      const isH2 = head.subarray(0, n).equals(preface.subarray(0, n));
      if (open > maxPerAddress) {
        options.onRefused?.(address, open - 1);
        refuse(socket, isH2, maxPerAddress);
        return;
      }
      socket.unshift(head);
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
        h1.close(); // stops Node's connection-checking timer
      }),
  };
}

/** Over the per-address limit: a plain 503 for HTTP/1.1, a closed socket for h2c. */
function refuse(socket: net.Socket, isH2: boolean, limit: number): void {
  if (isH2) {
    socket.destroy();
    return;
  }
  const body =
    `Too many connections from your address (limit ${String(limit)}, ` +
    "--max-connections-per-address). Close other dashboards or raise the limit.\n";
  socket.end(
    "HTTP/1.1 503 Service Unavailable\r\n" +
      "content-type: text/plain; charset=utf-8\r\n" +
      "x-content-type-options: nosniff\r\n" +
      "cache-control: no-store\r\n" +
      "connection: close\r\n" +
      `content-length: ${String(Buffer.byteLength(body))}\r\n\r\n${body}`,
  );
}
