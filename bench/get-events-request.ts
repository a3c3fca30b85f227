/**
 * GetEvents requests the harness's own clients send, without protobuf: an empty
 * GetEventsRequest is one data frame of length 0. gRPC-Web over HTTP/1.1 (what the
 * browser's connect-web transport sends, each stream on a socket of its own, like separate
 * tabs) for the gateway; native gRPC over HTTP/2 for the agent, which speaks nothing else,
 * with the same receive windows the gateway uses towards it.
 * Event frames (1 flag byte + 4-byte length + message) look the same in both.
 */
import http from "node:http";
import http2 from "node:http2";
import { sessionWindowBytes, streamWindowBytes } from "../server/upstream/agent-transport.js";

const PATH = "/tetragon.FineGuidanceSensors/GetEvents";
const EMPTY_REQUEST = Buffer.from([0, 0, 0, 0, 0]);

/** `body` defaults to the empty request; a client may send its own framed GetEventsRequest. */
export function grpcWebGetEvents(
  url: URL,
  userAgent: string,
  body: Uint8Array = EMPTY_REQUEST,
): http.ClientRequest {
  const request = http.request({
    host: url.hostname,
    port: url.port,
    path: PATH,
    method: "POST",
    agent: false,
    headers: {
      "content-type": "application/grpc-web+proto",
      "x-grpc-web": "1",
      "x-user-agent": userAgent,
    },
  });
  request.setNoDelay(true);
  request.end(body);
  return request;
}

export function grpcGetEvents(url: URL): {
  session: http2.ClientHttp2Session;
  stream: http2.ClientHttp2Stream;
} {
  // The gateway's own receive windows towards the agent: with Node's 64 KiB default the
  // agent would wait for WINDOW_UPDATEs after any pause of this reader, and the direct path
  // would look slower than the gateway's.
  const session = http2.connect(url.origin, { settings: { initialWindowSize: streamWindowBytes } });
  session.once("connect", () => {
    session.setLocalWindowSize(sessionWindowBytes);
  });
  const stream = session.request({
    ":method": "POST",
    ":path": PATH,
    "content-type": "application/grpc+proto",
    te: "trailers",
  });
  stream.end(EMPTY_REQUEST);
  return { session, stream };
}
