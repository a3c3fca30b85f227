/**
 * Browser streams that stop reading: a gRPC-Web GetEvents over its own HTTP/1.1 connection,
 * written by hand on a raw socket that stops reading (readStop) once the response headers
 * have arrived, like a frozen tab: the kernel's buffers fill, then the gateway's. Optionally
 * from a given loopback source address (127.0.0.N), so tests can act as many clients.
 */
import net from "node:net";
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
  const url = new URL(baseUrl);
  const body = grpcWebFrame(options.request);
  return new Promise((resolve, reject) => {
    const socket = net.connect({
      host: url.hostname,
      port: Number(url.port),
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    });
    socket.once("error", reject);
    let head = "";
    const onData = (chunk: Buffer): void => {
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      socket.off("data", onData);
      socket.pause(); // the stall: nothing is read from the socket any more
      socket.off("error", reject);
      socket.on("error", () => undefined);
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        close: () => {
          socket.destroy();
        },
      });
    };
    socket.on("data", onData);
    socket.write(
      "POST /tetragon.FineGuidanceSensors/GetEvents HTTP/1.1\r\n" +
        `Host: ${url.host}\r\n` +
        "Content-Type: application/grpc-web+proto\r\nX-Grpc-Web: 1\r\n" +
        `Content-Length: ${String(body.length)}\r\n\r\n`,
    );
    socket.write(body);
  });
}
