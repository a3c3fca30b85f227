/**
 * A reset flood (an h2c client opening GetEvents streams and resetting each at once, the
 * "rapid reset" shape) costs a few log lines and one summary line per kind, not two lines
 * per stream; the gateway is left with no stream open.
 */
import http2 from "node:http2";
import { afterEach, describe, expect, it } from "vitest";
import { execEvent, waitFor } from "../testing/fixtures.js";
import { agentAndGateway, cleanupStack } from "../testing/reliability.js";
import { grpcWebFrame } from "../testing/stalled-client.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

const streams = 200;

describe("reset flood", () => {
  it(`${String(streams)} streams opened and reset: a bounded number of log lines`, async () => {
    const logs: string[] = [];
    const { gateway } = await agentAndGateway(
      cleanup,
      { events: [execEvent("n", "/bin/x")] },
      { log: (l) => logs.push(l) },
    );
    const session = http2.connect(`http://127.0.0.1:${String(gateway.port)}`);
    session.on("error", () => undefined);
    cleanup.push(async () => {
      session.destroy();
      await Promise.resolve();
    });
    let answered = 0;
    const requests = Array.from({ length: streams }, () => {
      const req = session.request({
        ":method": "POST",
        ":path": "/tetragon.FineGuidanceSensors/GetEvents",
        "content-type": "application/grpc",
        te: "trailers",
      });
      req.on("error", () => undefined);
      req.once("response", () => answered++);
      req.end(grpcWebFrame());
      return req;
    });
    await waitFor(() => answered === streams, "every stream answered (handler ran)");
    for (const req of requests) req.close(http2.constants.NGHTTP2_CANCEL);
    await waitFor(() => gateway.browserStreams() === 0, "every stream ended in the gateway");
    await gateway.close(); // flushes the summaries of the interval (closing twice is harmless)

    // Each kind: at most 5 lines one by one, then one summary with the count of the rest.
    const count = (line: string, summary: RegExp): number => {
      const one = logs.filter((l) => l === line).length;
      expect(one).toBeLessThanOrEqual(5);
      const more = logs.map((l) => summary.exec(l)?.[1]).filter((n) => n !== undefined);
      expect(more.length).toBeLessThanOrEqual(1);
      return one + Number(more[0] ?? 0);
    };
    const name = "tetragon.FineGuidanceSensors/GetEvents";
    const opened = count(
      `${name}: stream opened`,
      /^(\d+) more \S+ streams opened in the last 10 s/,
    );
    const closedByClient = count(
      `${name}: stream closed by the client`,
      /^(\d+) more \S+ streams: stream closed by the client in the last 10 s/,
    );
    // One address: the first 64 were admitted (the per-address limit), the rest refused.
    const refused = count(
      `${name}: failed: ResourceExhausted`,
      /^(\d+) more \S+ calls failed: ResourceExhausted in the last 10 s/,
    );
    expect(opened).toBe(streams);
    expect(closedByClient).toBe(64);
    expect(refused).toBe(streams - 64);
    expect(logs.length).toBeLessThan(25);
  });
});
