/**
 * Connection timeouts of the gateway's port (dual-protocol.ts) and the h2c idle rule.
 *
 * h2c: Node's own session timeout counts any silence, so it would cut a GetEvents stream
 * that has had no event for a while. Here a session is closed (GOAWAY, then the socket)
 * only after `idleMs` with no open stream; the timer starts when the session starts and
 * whenever its last stream ends, and stops when a stream opens.
 */
import type http2 from "node:http2";

export interface ConnectionTimeouts {
  /** No byte at all from a new connection. */
  firstByteMs: number;
  /** HTTP/1.1: the request's headers complete (Node's headersTimeout; answers 408). */
  headersMs: number;
  /** HTTP/1.1: the whole request received (Node's requestTimeout; answers 408). */
  requestMs: number;
  /** HTTP/1.1: idle between requests on a kept-alive connection. */
  keepAliveMs: number;
  /** h2c: a session with no open stream. */
  h2IdleMs: number;
}

export const defaultConnectionTimeouts: ConnectionTimeouts = {
  firstByteMs: 10_000,
  headersMs: 20_000,
  requestMs: 60_000,
  keepAliveMs: 5_000,
  h2IdleMs: 120_000,
};

/** How often Node checks headers/request timeouts: a quarter of the shorter, 50 ms–5 s. */
export function connectionsCheckingIntervalMs(t: ConnectionTimeouts): number {
  return Math.min(5_000, Math.max(50, Math.floor(Math.min(t.headersMs, t.requestMs) / 4)));
}

export function closeIdleSessions(server: http2.Http2Server, idleMs: number): void {
  server.on("session", (session: http2.ServerHttp2Session) => {
    let open = 0;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (open === 0 && !session.closed) session.close();
      }, idleMs);
      timer.unref();
    };
    arm();
    session.on("stream", (stream: http2.ServerHttp2Stream) => {
      open++;
      clearTimeout(timer);
      stream.once("close", () => {
        open--;
        if (open === 0) arm();
      });
    });
    session.once("close", () => {
      clearTimeout(timer);
    });
  });
}
