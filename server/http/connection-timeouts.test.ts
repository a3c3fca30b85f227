/**
 * Connection timeouts over raw sockets, with test-shortened limits: silent sockets,
 * one-header-line-at-a-time trickles, slow bodies, idle keep-alive connections and idle h2c
 * sessions are closed; a live GetEvents stream (HTTP/1.1 and h2c) with no event for longer
 * than every one of those limits is not. "Longer" is by construction: control connections
 * opened after the streams are closed first, then the streams still deliver.
 */
import http2 from "node:http2";
import { afterEach, describe, expect, it } from "vitest";
import type { Gateway } from "../gateway.js";
import { execEvent, waitFor } from "../testing/fixtures.js";
import { type RawSocket, rawSocket } from "../testing/raw-socket.js";
import { agentAndGateway, cleanupStack, watch } from "../testing/reliability.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

const timeouts = {
  firstByteMs: 300,
  headersMs: 500,
  requestMs: 800,
  keepAliveMs: 300,
  h2IdleMs: 400,
};

const stack = () => agentAndGateway(cleanup, {}, { timeouts });

async function socketTo(gateway: Gateway): Promise<RawSocket> {
  const s = await rawSocket(gateway.port);
  cleanup.push(async () => {
    s.destroy();
    await Promise.resolve();
  });
  return s;
}

/** Sends `lines` one by one every `everyMs` until the socket closes (a trickling client). */
function trickle(s: RawSocket, lines: () => string, everyMs: number): void {
  const timer = setInterval(() => {
    if (s.closed()) clearInterval(timer);
    else s.write(lines());
  }, everyMs);
  cleanup.push(async () => {
    clearInterval(timer);
    await Promise.resolve();
  });
}

function h2Session(gateway: Gateway): { session: http2.ClientHttp2Session; closed: () => boolean } {
  const session = http2.connect(`http://127.0.0.1:${String(gateway.port)}`);
  session.on("error", () => undefined);
  let closed = false;
  session.on("close", () => {
    closed = true;
  });
  cleanup.push(async () => {
    session.destroy();
    await Promise.resolve();
  });
  return { session, closed: () => closed };
}

/** A trickling request that never completes its headers. */
async function headerTrickle(gateway: Gateway): Promise<RawSocket> {
  const s = await socketTo(gateway);
  s.write("GET /api/status HTTP/1.1\r\nHost: localhost\r\n");
  let n = 0;
  trickle(s, () => `X-Trickle-${String(n++)}: 1\r\n`, 100);
  return s;
}

/** Complete headers, then a body that arrives a byte at a time and never completes. */
async function bodyTrickle(gateway: Gateway): Promise<RawSocket> {
  const s = await socketTo(gateway);
  s.write(
    "POST /tetragon.FineGuidanceSensors/GetVersion HTTP/1.1\r\nHost: localhost\r\n" +
      "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n",
  );
  trickle(s, () => " ", 100);
  return s;
}

describe("connection timeouts", () => {
  it("closes sockets that never send a byte", async () => {
    const { gateway } = await stack();
    const silent = await Promise.all(Array.from({ length: 20 }, () => socketTo(gateway)));
    await waitFor(() => silent.every((s) => s.closed()), "every silent socket closed");
    expect(silent.every((s) => s.text() === "")).toBe(true);
    await waitFor(() => gateway.openConnections() === 0, "no connection left");
  });

  it("answers 408 and closes a connection that trickles header lines or its body", async () => {
    const { gateway } = await stack();
    const headers = await headerTrickle(gateway);
    const body = await bodyTrickle(gateway);
    await waitFor(() => headers.closed() && body.closed(), "both trickles closed");
    expect(headers.text()).toMatch(/^HTTP\/1\.1 408 /);
    expect(body.text()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("closes idle keep-alive connections and idle h2c sessions", async () => {
    const { gateway } = await stack();
    const keptAlive = await socketTo(gateway);
    keptAlive.write(
      "GET /api/status HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n",
    );
    const idle = h2Session(gateway); // preface and SETTINGS, then nothing
    const used = h2Session(gateway); // one request, then idle
    const req = used.session.request({ ":path": "/api/status", ":authority": "localhost" });
    req.on("error", () => undefined);
    let status = 0;
    req.on("response", (h) => {
      status = Number(h[":status"]);
    });
    req.resume();
    req.end();
    await waitFor(
      () => keptAlive.closed() && idle.closed() && used.closed(),
      "idle connections and sessions closed",
    );
    expect(keptAlive.text()).toMatch(/^HTTP\/1\.1 200 /);
    expect(status).toBe(200);
  });

  it("does not cut a live GetEvents stream that is quiet for longer than every timeout", async () => {
    const { agent, gateway } = await stack();
    const h1 = watch(gateway.url);
    const h2 = watch(gateway.url, { protocol: "grpc" });
    cleanup.push(async () => {
      h1.abort();
      h2.abort();
      await Promise.all([h1.ended, h2.ended]);
    });
    await waitFor(
      () => agent.openStreams() === 1 && gateway.browserStreams() === 2,
      "streams open",
    );
    // Controls opened after the streams: once each is closed, the streams have been quiet
    // for longer than that timeout.
    const silent = await socketTo(gateway);
    const idle = h2Session(gateway);
    const headers = await headerTrickle(gateway);
    const body = await bodyTrickle(gateway);
    await waitFor(
      () => silent.closed() && idle.closed() && headers.closed() && body.closed(),
      "every control connection closed",
    );
    agent.push(execEvent("n", "/bin/after-the-quiet"));
    await waitFor(() => h1.got.length === 1 && h2.got.length === 1, "both streams deliver");
    const open = await Promise.race([
      Promise.any([h1.ended, h2.ended]).then(() => "ended"),
      Promise.resolve("open"),
    ]);
    expect(open).toBe("open");
  });
});
