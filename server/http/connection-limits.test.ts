/**
 * The per-client-address connection limit over raw sockets (client addresses are loopback
 * aliases): over the limit, HTTP/1.1 gets a 503 that names the flag, h2c is closed; other
 * addresses are unaffected, and a closed connection frees its place. Refusals are logged
 * throttled.
 */
import http2 from "node:http2";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "../gateway.js";
import { waitFor } from "../testing/fixtures.js";
import { type RawSocket, rawSocket } from "../testing/raw-socket.js";
import { cleanupStack } from "../testing/reliability.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

const get = "GET /api/status HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n";

describe("connections per client address", () => {
  it("refuses connections over the limit with 503 (HTTP/1.1) or a close (h2c)", async () => {
    const logs: string[] = [];
    const gateway = await startGateway({
      agents: ["127.0.0.1:1"],
      port: 0,
      staticDir: "/nonexistent",
      log: (l) => logs.push(l),
      limits: { maxConnectionsPerAddress: 3 },
    });
    cleanup.push(() => gateway.close());
    const open = async (address: string): Promise<RawSocket> => {
      const s = await rawSocket(gateway.port, address);
      cleanup.push(async () => {
        s.destroy();
        await Promise.resolve();
      });
      s.write(get);
      return s;
    };
    const kept = [await open("127.0.0.5"), await open("127.0.0.5"), await open("127.0.0.5")];
    await waitFor(() => kept.every((s) => s.text().startsWith("HTTP/1.1 200 ")), "three answered");

    const fourth = await open("127.0.0.5");
    await waitFor(() => fourth.closed(), "the fourth connection refused");
    expect(fourth.text()).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(fourth.text()).toContain("limit 3, --max-connections-per-address");

    const h2 = http2.connect(`http://127.0.0.1:${String(gateway.port)}`, {
      createConnection: () =>
        net.connect({ host: "127.0.0.1", port: gateway.port, localAddress: "127.0.0.5" }),
    });
    h2.on("error", () => undefined);
    let h2Closed = false;
    h2.on("close", () => {
      h2Closed = true;
    });
    cleanup.push(async () => {
      h2.destroy();
      await Promise.resolve();
    });
    await waitFor(() => h2Closed, "the h2c connection refused");

    const other = await open("127.0.0.6");
    await waitFor(() => other.text().startsWith("HTTP/1.1 200 "), "another address answered");

    kept[0]!.destroy();
    await waitFor(() => gateway.openConnections() === 3, "the closed one counted out");
    const again = await open("127.0.0.5");
    await waitFor(() => again.text().startsWith("HTTP/1.1 200 "), "a place again");
    expect(logs.filter((l) => l.startsWith("refused a connection from 127.0.0.5"))).toHaveLength(2);
  });
});
