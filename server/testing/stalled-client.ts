/**
 * Browser streams that stop reading: a gRPC-Web GetEvents over its own HTTP/1.1 connection
 * whose response is paused once the headers arrive, like a frozen tab. Optionally from a
 * given loopback source address (127.0.0.N), so tests can act as many client addresses.
 */
import http from "node:http";
import { type MessageInitShape, create, toBinary } from "@bufbuild/protobuf";
import { GetEventsRequestSchema } from "../../src/gen/tetragon/events_pb.js";

type RequestInit = MessageInitShape<typeof GetEventsRequestSchema>;

export interface StalledStream {
  /** HTTP status (a refusal comes later, in the trailer frame nobody reads). */
  readonly status: number;
  close(): void;
}

/** One gRPC-Web data frame holding `request`. */
export function grpcWebFrame(request: RequestInit = {}): Buffer {
  const message = toBinary(GetEventsRequestSchema, create(GetEventsRequestSchema, request));
  const frame = Buffer.alloc(5 + message.byteLength);
  frame.writeUInt32BE(message.byteLength, 1);
  frame.set(message, 5);
  return frame;
}

export function openStalledStream(
  baseUrl: string,
  options: { request?: RequestInit; localAddress?: string } = {},
): Promise<StalledStream> {
  const url = new URL("/tetragon.FineGuidanceSensors/GetEvents", baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        agent: false,
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
        headers: { "content-type": "application/grpc-web+proto", "x-grpc-web": "1" },
      },
      (res) => {
        res.pause(); // the stall: nothing is read from the socket any more
        resolve({
          status: res.statusCode ?? 0,
          close: () => {
            req.destroy();
          },
        });
      },
    );
    req.on("error", reject);
    req.end(grpcWebFrame(options.request));
  });
}
