import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { corkPerTick, limitBytes } from "./cork-per-tick.js";

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => {
    if (server === undefined) r();
    else
      server.close(() => {
        r();
      });
  });
  server = undefined;
});

/** Serves one response through corkPerTick; returns the raw bytes a client socket read. */
async function rawResponse(handler: (res: http.ServerResponse) => Promise<void>): Promise<string> {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/grpc-web+proto" });
    corkPerTick(res);
    void handler(res);
  });
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let out = "";
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => (out += d));
    socket.on("end", () => {
      resolve(out);
    });
    socket.on("error", reject);
    socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  });
}

/** The chunks of a chunked HTTP/1.1 body. */
function chunks(raw: string): string[] {
  let body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  const out: string[] = [];
  for (;;) {
    const eol = body.indexOf("\r\n");
    const size = parseInt(body.slice(0, eol), 16);
    if (size === 0) return out;
    out.push(body.slice(eol + 2, eol + 2 + size));
    body = body.slice(eol + 2 + size + 2);
  }
}

describe("corkPerTick", () => {
  it("sends the writes of one event-loop turn as one chunk, in order", async () => {
    const raw = await rawResponse(async (res) => {
      for (let i = 0; i < 50; i++) res.write(`<${String(i)}>`);
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      res.write("second turn");
      res.end();
    });
    const expected = Array.from({ length: 50 }, (_, i) => `<${String(i)}>`).join("");
    expect(chunks(raw)).toEqual([expected, "second turn"]);
  });

  it("end() flushes what is pending first", async () => {
    const raw = await rawResponse(async (res) => {
      res.write("a");
      res.write(Buffer.from("b"));
      res.write(new Uint8Array([0x63]));
      res.end();
      await Promise.resolve();
    });
    expect(chunks(raw).join("")).toBe("abc");
  });

  it("asks writers to wait past the limit and emits drain once flushed", async () => {
    let answers: boolean[] = [];
    let drained = false;
    await rawResponse(async (res) => {
      const big = Buffer.alloc(limitBytes / 4);
      answers = [1, 2, 3, 4, 5].map(() => res.write(big));
      await new Promise<void>((r) => res.once("drain", r));
      drained = true;
      res.end();
    });
    expect(answers).toEqual([true, true, true, false, false]);
    expect(drained).toBe(true);
  });
});
