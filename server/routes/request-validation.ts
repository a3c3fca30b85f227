/**
 * A request message that is not valid protobuf is the caller's mistake: InvalidArgument.
 * connect-es parses request bodies before any interceptor runs and reports a parse failure
 * as Internal ("parse binary: …"), which reads as a gateway bug. So for the routes we serve,
 * binary bodies are parsed once here, in front of connect (request-body.ts), and a message
 * that does not parse fails the call with InvalidArgument naming the message type; valid
 * bodies pass through unchanged. Bodies are small (one request message); over `maxBytes`
 * they pass unchecked and connect's own size limit answers. Compressed frames and bodies
 * are left to connect, as are JSON bodies (connect already answers InvalidArgument).
 */
import { type DescMessage, fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { GatewayService } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import type { NodeRequest } from "../http/node-types.js";
import { asBuffer, transformBody } from "../http/request-body.js";
import { forwardedMethods, tetragonServiceName } from "./allow-list.js";

const inputs = new Map<string, DescMessage>([
  ...FineGuidanceSensors.methods
    .filter((m) => (forwardedMethods as readonly string[]).includes(m.name))
    .map((m): [string, DescMessage] => [`/${tetragonServiceName}/${m.name}`, m.input]),
  [`/${GatewayService.typeName}/GetStatus`, GatewayService.method.getStatus.input],
]);

const enveloped = /^application\/(grpc|grpc-web)(\+proto)?$|^application\/connect\+proto$/;

export function validateRequestMessages(req: NodeRequest, maxBytes: number): void {
  if (req.method !== "POST") return;
  const input = inputs.get((req.url ?? "").split("?")[0] ?? "");
  if (input === undefined) return;
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const framed = enveloped.test(type);
  if (!framed && type !== "application/proto") return;
  if (!framed && !identity(req.headers["content-encoding"])) return;
  transformBody(req, (source) => checked(source, input, framed, maxBytes));
}

function identity(encoding: string | string[] | undefined): boolean {
  return encoding === undefined || encoding === "identity";
}

async function* checked(
  source: AsyncIterable<Buffer>,
  input: DescMessage,
  framed: boolean,
  maxBytes: number,
): AsyncGenerator<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  const held: Buffer[] = [];
  let size = 0;
  for (;;) {
    const next = await it.next();
    if (next.done === true) break;
    const chunk = asBuffer(next.value);
    held.push(chunk);
    size += chunk.length;
    if (size > maxBytes + 5) {
      // Too big to be ours to check: pass everything on, connect refuses it by size.
      yield* held;
      for (let rest = await it.next(); rest.done !== true; rest = await it.next()) yield rest.value;
      return;
    }
  }
  const body = Buffer.concat(held);
  for (const message of framed ? frames(body) : [body]) parse(input, message);
  yield body;
}

/** The uncompressed data frames of a gRPC / gRPC-Web / Connect streaming body. */
function* frames(body: Buffer): Generator<Uint8Array> {
  for (let at = 0; at + 5 <= body.length;) {
    const flags = body.readUInt8(at);
    const length = body.readUInt32BE(at + 1);
    const data = body.subarray(at + 5, at + 5 + length);
    if (data.length < length) return; // incomplete: connect reports it
    if (flags === 0) yield data;
    at += 5 + length;
  }
}

function parse(input: DescMessage, message: Uint8Array): void {
  try {
    fromBinary(input, message);
  } catch (err) {
    throw new ConnectError(
      `the request is not a valid ${input.typeName} message (${err instanceof Error ? err.message : String(err)})`,
      Code.InvalidArgument,
    );
  }
}
