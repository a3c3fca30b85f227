/**
 * The gateway's diagnostic lines: method names, addresses, codes and reasons — never
 * payloads. Everything a client can cause in bulk (stream opens and closes, refused RPCs,
 * refused requests and connections) goes through one LogThrottle, so a flood (e.g. a client
 * resetting thousands of streams) writes a few lines and one summary per kind and interval.
 */
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { LogThrottle } from "./log-throttle.js";
import type { Clock } from "./upstream/clock.js";

export interface GatewayLog {
  /** Logs stream lifetimes and failed calls: method name and code only. */
  readonly interceptor: Interceptor;
  refusedRpc(url: string | undefined, code: Code): void;
  refusedRequest(status: number): void;
  refusedConnection(address: string, open: number): void;
  close(): void;
}

export function createGatewayLog(log: (line: string) => void, clock?: Clock): GatewayLog {
  const throttle = new LogThrottle(log, clock === undefined ? {} : { clock });
  const line = (kind: string, text: string, what: string): void => {
    throttle.line(
      kind,
      text,
      (n, seconds) =>
        `${String(n)} more ${what} in the last ${String(seconds)} s (not logged one by one)`,
    );
  };
  return {
    interceptor: (next) => async (req) => {
      const name = `${req.service.typeName}/${req.method.name}`;
      if (req.stream) line(`${name} opened`, `${name}: stream opened`, `${name} streams opened`);
      try {
        const res = await next(req);
        if (!res.stream) return res;
        return {
          ...res,
          message: (async function* () {
            try {
              yield* res.message;
              line(`${name} closed`, `${name}: stream closed`, `${name} streams closed`);
            } catch (err) {
              const end = streamEnd(err);
              line(`${name} ${end}`, `${name}: ${end}`, `${name} streams: ${end}`);
              throw err;
            }
          })(),
        };
      } catch (err) {
        const code = Code[ConnectError.from(err).code];
        line(`${name} failed ${code}`, `${name}: failed: ${code}`, `${name} calls failed: ${code}`);
        throw err;
      }
    },
    refusedRpc: (url, code) => {
      const answer = code === Code.PermissionDenied ? "permission_denied" : "unimplemented";
      line(`rpc ${answer}`, `refused RPC ${safePath(url)}: ${answer}`, `RPCs refused: ${answer}`);
    },
    refusedRequest: (status) => {
      const why = status === 421 ? "foreign Host" : "cross-origin";
      line(
        `request ${String(status)}`,
        `refused ${String(status)}: ${why} request`,
        `${why} requests refused (${String(status)})`,
      );
    },
    refusedConnection: (address, open) => {
      line(
        "connection",
        `refused a connection from ${address}: ${String(open)} open, the limit per address (--max-connections-per-address)`,
        "connections refused over the per-address limit",
      );
    },
    close: () => {
      throttle.close();
    },
  };
}

/** Only RPC-shaped paths are logged verbatim; anything else is summarised. */
function safePath(url: string | undefined): string {
  const path = (url ?? "").split("?")[0] ?? "";
  return /^\/[\w.]{1,200}\/\w{1,100}$/.test(path) ? path.slice(1) : "(non-RPC path)";
}

/** How a stream ended, in words: a tab closing is routine, anything else names its code. */
function streamEnd(err: unknown): string {
  const code = ConnectError.from(err).code;
  return code === Code.Canceled ? "stream closed by the client" : `stream ended: ${Code[code]}`;
}
