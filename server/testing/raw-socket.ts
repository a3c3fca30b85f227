/**
 * A raw TCP client for connection-level tests: records what it received and whether the
 * server closed it, so tests wait for conditions ("closed", "answered 408") instead of time.
 */
import net from "node:net";

export interface RawSocket {
  readonly socket: net.Socket;
  /** Everything received so far, as latin1 text. */
  text(): string;
  closed(): boolean;
  write(data: string | Buffer): void;
  destroy(): void;
}

export function rawSocket(port: number, localAddress?: string): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({
      host: "127.0.0.1",
      port,
      ...(localAddress === undefined ? {} : { localAddress }),
    });
    const chunks: Buffer[] = [];
    let closed = false;
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("close", () => {
      closed = true;
    });
    socket.on("error", () => undefined);
    socket.once("connect", () => {
      socket.off("error", reject);
      resolve({
        socket,
        text: () => Buffer.concat(chunks).toString("latin1"),
        closed: () => closed,
        write: (data) => {
          if (!socket.destroyed) socket.write(data);
        },
        destroy: () => {
          socket.destroy();
        },
      });
    });
    socket.once("error", reject);
  });
}
