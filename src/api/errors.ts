/**
 * Turns transport errors into the readable reasons the connection indicator shows, and
 * decides which ones retrying cannot fix.
 */
import { Code, ConnectError } from "@connectrpc/connect";

export interface StreamFailure {
  readonly reason: string;
  /** A failure retrying cannot fix (e.g. the gateway does not serve the method). */
  readonly permanent: boolean;
}

const PERMANENT = new Set([Code.Unimplemented, Code.PermissionDenied, Code.Unauthenticated]);

export function describeError(error: unknown): string {
  if (error instanceof ConnectError) {
    if (error.code === Code.Unavailable) return `gateway unavailable: ${error.rawMessage}`;
    if (error.code === Code.Unimplemented)
      return "this server does not serve the Tetragon gRPC-Web API (check ?gateway=)";
    return `${Code[error.code]}: ${error.rawMessage}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

export function classifyStreamError(error: unknown): StreamFailure {
  const permanent = error instanceof ConnectError && PERMANENT.has(error.code);
  return { reason: describeError(error), permanent };
}
