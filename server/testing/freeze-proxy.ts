/**
 * A TCP proxy in front of an agent that can freeze: every proxied connection stops moving
 * bytes (both sockets paused, like a hung process or a network partition that drops nothing
 * and answers nothing), and connections accepted while frozen are held the same way. Thawing
 * cuts the frozen connections (their peers would have timed out by then) and forwards new
 * ones normally again.
 */
import net, { type AddressInfo } from "node:net";

export interface FreezeProxy {
  address: string;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startFreezeProxy(target: {
  host: string;
  port: number;
}): Promise<FreezeProxy> {
  let frozen = false;
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    for (const s of pair) {
      s.on("error", end);
      s.on("close", end);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    if (frozen) hold(pair);
  });
  const hold = (pair: [net.Socket, net.Socket]): void => {
    for (const s of pair) {
      s.unpipe();
      s.pause();
    }
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${String(port)}`,
    freeze: () => {
      frozen = true;
      for (const pair of pairs) hold(pair);
    },
    thaw: () => {
      frozen = false;
      for (const [a, b] of [...pairs]) {
        a.destroy();
        b.destroy();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const [a, b] of pairs) {
          a.destroy();
          b.destroy();
        }
      }),
  };
}
