/**
 * A hand-written Tetragon agent on node:http2 for malformed-upstream tests: unary calls get a
 * correct empty gRPC answer (so the gateway's GetHealth probe succeeds and the agent looks
 * up), and each GetEvents stream is answered by a named `Fault` written byte by byte — the
 * things connect's own server would never send. Counts GetEvents calls (to check backoff)
 * and open HTTP/2 sessions (to check for leaks).
 */
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { toBinary } from "@bufbuild/protobuf";
import {
  type GetEventsResponse,
  GetEventsResponseSchema,
} from "../../src/gen/tetragon/events_pb.js";

export type Fault =
  /** Length prefix says 100, 10 bytes follow, then the stream ends (no trailers). */
  | "truncated-frame"
  /** A well-formed frame whose payload is not a GetEventsResponse. */
  | "invalid-protobuf"
  /** RST_STREAM (INTERNAL_ERROR) after the valid events. */
  | "rst-stream"
  /** Trailers that carry no grpc-status. */
  | "trailers-without-status"
  /** One frame over the gateway's upstream readMaxBytes (16 MiB). */
  | "oversized-message"
  /** Compressed-flag frame under a grpc-encoding nobody negotiated. */
  | "unknown-compression";

export const allFaults: readonly Fault[] = [
  "truncated-frame",
  "invalid-protobuf",
  "rst-stream",
  "trailers-without-status",
  "oversized-message",
  "unknown-compression",
];

export interface RawAgentOptions {
  fault: Fault;
  /** Valid events sent before the fault, on every stream. */
  before?: GetEventsResponse[];
  /** Bytes placed inside the malformed payloads (to check they never reach a log line). */
  marker?: string;
}

export interface RawAgent {
  address: string;
  getEventsCalls(): number;
  /** performance.now() of each GetEvents call, oldest first (to check the re-dial backoff). */
  getEventsCallTimes(): readonly number[];
  sessions(): number;
  close(): Promise<void>;
}

/** The gRPC length-prefixed envelope: flags byte, 4-byte big-endian length, payload. */
export function grpcFrame(payload: Uint8Array, flags = 0, declaredLength = payload.length): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(flags, 0);
  head.writeUInt32BE(declaredLength, 1);
  return Buffer.concat([head, payload]);
}

const okHeaders = { ":status": 200, "content-type": "application/grpc+proto" };

export async function startRawAgent(options: RawAgentOptions): Promise<RawAgent> {
  let getEvents = 0;
  const getEventsTimes: number[] = [];
  const sessions = new Set<http2.ServerHttp2Session>();
  const marker = Buffer.from(options.marker ?? "raw-agent-marker");
  const server = http2.createServer();
  server.on("session", (s) => {
    sessions.add(s);
    s.on("close", () => sessions.delete(s));
  });
  server.on("stream", (stream, headers) => {
    stream.on("error", () => undefined);
    const path = headers[":path"] ?? "";
    // Drain the request body, then answer.
    stream.resume();
    stream.on("end", () => {
      if (path !== "/tetragon.FineGuidanceSensors/GetEvents") {
        stream.respond(okHeaders, { waitForTrailers: true });
        stream.on("wantTrailers", () => {
          stream.sendTrailers({ "grpc-status": "0" });
        });
        stream.end(grpcFrame(new Uint8Array()));
        return;
      }
      getEvents++;
      getEventsTimes.push(performance.now());
      const faulty = options.fault === "unknown-compression";
      // The truncated frame ends the stream with END_STREAM on its DATA frame: no trailers.
      stream.respond(faulty ? { ...okHeaders, "grpc-encoding": "x-unknown" } : okHeaders, {
        waitForTrailers: options.fault !== "truncated-frame",
      });
      for (const e of options.before ?? [])
        stream.write(grpcFrame(toBinary(GetEventsResponseSchema, e)));
      writeFault(stream, options.fault, marker);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${String(port)}`,
    getEventsCalls: () => getEvents,
    getEventsCallTimes: () => getEventsTimes,
    sessions: () => sessions.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const s of sessions) s.destroy();
      }),
  };
}

function writeFault(stream: http2.ServerHttp2Stream, fault: Fault, marker: Buffer): void {
  const trailers = (t: http2.OutgoingHttpHeaders): void => {
    stream.once("wantTrailers", () => {
      stream.sendTrailers(t);
    });
  };
  switch (fault) {
    case "truncated-frame":
      stream.end(grpcFrame(Buffer.concat([marker, Buffer.alloc(10)]).subarray(0, 10), 0, 100));
      return;
    case "invalid-protobuf":
      // A well-formed frame, but not protobuf: field 1 (process_exec) claims 127 bytes where
      // fewer follow, and the bytes that do follow are not valid tags.
      trailers({ "grpc-status": "0" });
      stream.end(
        grpcFrame(Buffer.concat([Buffer.from([0x0a, 0x7f]), marker, Buffer.from([0x0f, 0x0f])])),
      );
      return;
    case "rst-stream":
      stream.write(grpcFrame(Buffer.concat([Buffer.from([0x0a, 0x7f]), marker])).subarray(0, 3));
      setTimeout(() => {
        stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      }, 10);
      return;
    case "trailers-without-status":
      trailers({ "x-note": "no status here" });
      stream.end();
      return;
    case "oversized-message": {
      trailers({ "grpc-status": "0" });
      const big = Buffer.alloc(16 * 1024 * 1024 + 1, 0x20);
      marker.copy(big, 0);
      stream.end(grpcFrame(big));
      return;
    }
    case "unknown-compression":
      trailers({ "grpc-status": "0" });
      stream.end(grpcFrame(marker, 1));
      return;
  }
}
