/**
 * A request message that is not valid protobuf answers InvalidArgument (connect-es alone
 * says Internal), in every protocol, and never reaches the agent; the reason names the
 * message type and carries none of the bytes.
 */
import http from "node:http";
import http2 from "node:http2";
import { afterEach, describe, expect, it } from "vitest";
import { sensorsClient } from "../testing/fixtures.js";
import { agentAndGateway, cleanupStack } from "../testing/reliability.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

/** Field 1, length-delimited, says 5 bytes and has 1: not protobuf. */
const garbage = Buffer.from([0x0a, 0x05, 0x01]);
const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, garbage.length]), garbage]);

const stack = () => agentAndGateway(cleanup);

function post(url: string, contentType: string, body: Buffer) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const req = http.request(
        url,
        { method: "POST", agent: false, headers: { "content-type": contentType } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
            });
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    },
  );
}

describe("invalid request protobuf", () => {
  it("answers InvalidArgument over gRPC-Web, Connect and gRPC", async () => {
    const { agent, gateway } = await stack();
    const base = gateway.url;

    // gRPC-Web GetEvents (headers go out early; the status is in the trailer frame).
    const web = await post(
      `${base}tetragon.FineGuidanceSensors/GetEvents`,
      "application/grpc-web+proto",
      frame,
    );
    const trailer = web.body.subarray(5).toString("latin1");
    expect(web.body[0]).toBe(0x80);
    expect(trailer).toMatch(/grpc-status: ?3\r\n/);
    expect(decodeURIComponent(/grpc-message: ?(.*)\r\n/.exec(trailer)?.[1] ?? "")).toMatch(
      /^the request is not a valid tetragon\.GetEventsRequest message/,
    );

    // Connect unary: HTTP 400, code invalid_argument.
    const connect = await post(
      `${base}tetragon.FineGuidanceSensors/GetVersion`,
      "application/proto",
      garbage,
    );
    expect(connect.status).toBe(400);
    expect(JSON.parse(connect.body.toString())).toMatchObject({
      code: "invalid_argument",
      message: expect.stringContaining("tetragon.GetVersionRequest") as unknown,
    });

    // Native gRPC over h2c.
    const session = http2.connect(`http://127.0.0.1:${String(gateway.port)}`);
    session.on("error", () => undefined);
    cleanup.push(async () => {
      session.close();
      await Promise.resolve();
    });
    const req = session.request({
      ":method": "POST",
      ":path": "/tetragon.FineGuidanceSensors/GetInfo",
      "content-type": "application/grpc",
      te: "trailers",
    });
    req.end(frame);
    req.resume();
    const status = await new Promise<string | undefined>((resolve) => {
      let fromHeaders: string | undefined;
      const statusOf = (h: http2.IncomingHttpHeaders): string | undefined => {
        const v = h["grpc-status"];
        return typeof v === "string" ? v : undefined;
      };
      req.on("response", (h) => {
        fromHeaders = statusOf(h);
      });
      req.on("trailers", (t: http2.IncomingHttpHeaders) => {
        resolve(statusOf(t));
      });
      req.on("close", () => {
        resolve(fromHeaders);
      });
    });
    expect(status).toBe("3");

    for (const m of ["GetEvents", "GetVersion", "GetInfo"]) expect(agent.callsTo(m)).toBe(0);
    // A valid request still goes through.
    await sensorsClient(base).getVersion({});
    expect(agent.callsTo("GetVersion")).toBe(1);
  });
});
