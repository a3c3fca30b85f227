import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb";
import { execEvent } from "../testing/fake-transport";
import { FrameSplitter, getEventsBytes, type FetchLike } from "./grpc-web-frames";

function frame(payload: Uint8Array, flags = 0): Uint8Array {
  const out = new Uint8Array(5 + payload.length);
  out[0] = flags;
  new DataView(out.buffer).setUint32(1, payload.length);
  out.set(payload, 5);
  return out;
}

function trailer(text: string): Uint8Array {
  return frame(new TextEncoder().encode(text), 0x80);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A fetch answering with `body` split into chunks of `chunk` bytes. */
function fakeFetch(body: Uint8Array, chunk: number, init: ResponseInit = {}): FetchLike {
  return () => {
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= body.length) {
          controller.close();
          return;
        }
        controller.enqueue(body.slice(at, at + chunk));
        at += chunk;
      },
    });
    return Promise.resolve(
      new Response(stream, {
        status: 200,
        headers: { "content-type": "application/grpc-web+proto" },
        ...init,
      }),
    );
  };
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const bytes of it) out.push(fromBinary(GetEventsResponseSchema, bytes).nodeName);
  return out;
}

const events = ["node-a", "node-b", "node-c"].map((n) =>
  toBinary(GetEventsResponseSchema, execEvent(n, "/bin/sh")),
);

describe("FrameSplitter", () => {
  it("reassembles frames split at every byte boundary", () => {
    const body = concat(events.map((e) => frame(e)));
    for (let size = 1; size <= body.length; size += 7) {
      const splitter = new FrameSplitter();
      const got: Uint8Array[] = [];
      for (let at = 0; at < body.length; at += size) {
        for (const [, payload] of splitter.push(body.slice(at, at + size)))
          got.push(payload.slice());
      }
      expect(got).toEqual(events);
      expect(splitter.pending).toBe(0);
    }
  });

  it("refuses a frame longer than the 16 MiB limit before buffering it", () => {
    const head = new Uint8Array([0, 0x7f, 0xff, 0xff, 0xff]);
    expect(() => new FrameSplitter().push(head)).toThrow(/exceeds the limit/);
  });
});

describe("getEventsBytes", () => {
  it("yields each event's bytes and ends quietly on grpc-status 0", async () => {
    const body = concat([...events.map((e) => frame(e)), trailer("grpc-status: 0\r\n")]);
    let opened = 0;
    const got = await collect(
      getEventsBytes(
        "http://gw",
        new AbortController().signal,
        () => opened++,
        fakeFetch(body, 13),
      ),
    );
    expect(got).toEqual(["node-a", "node-b", "node-c"]);
    expect(opened).toBe(1);
  });

  it("turns a non-zero trailer status into a ConnectError with that code and message", async () => {
    const body = concat([
      frame(events[0] ?? new Uint8Array()),
      trailer("grpc-status: 14\r\ngrpc-message: agent%20down\r\n"),
    ]);
    const run = collect(
      getEventsBytes("http://gw", new AbortController().signal, () => 0, fakeFetch(body, 64)),
    );
    await expect(run).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof ConnectError && e.code === Code.Unavailable && e.rawMessage === "agent down",
    );
  });

  it("reports a stream that ends without trailers as unavailable (retryable)", async () => {
    const run = collect(
      getEventsBytes(
        "http://gw",
        new AbortController().signal,
        () => 0,
        fakeFetch(frame(events[1] ?? new Uint8Array()), 8),
      ),
    );
    await expect(run).rejects.toSatisfy(
      (e: unknown) => e instanceof ConnectError && e.code === Code.Unavailable,
    );
  });

  it("maps HTTP 404 to Unimplemented and a trailers-only error header to its code", async () => {
    const notFound: FetchLike = () => Promise.resolve(new Response("nope", { status: 404 }));
    await expect(
      collect(getEventsBytes("http://gw", new AbortController().signal, () => 0, notFound)),
    ).rejects.toSatisfy((e: unknown) => e instanceof ConnectError && e.code === Code.Unimplemented);
    const denied = fakeFetch(new Uint8Array(), 1, {
      headers: {
        "content-type": "application/grpc-web+proto",
        "grpc-status": "7",
        "grpc-message": "no",
      },
    });
    await expect(
      collect(getEventsBytes("http://gw", new AbortController().signal, () => 0, denied)),
    ).rejects.toSatisfy(
      (e: unknown) => e instanceof ConnectError && e.code === Code.PermissionDenied,
    );
  });

  it("posts an empty GetEventsRequest as gRPC-Web to the GetEvents path", async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const body = trailer("grpc-status: 0\r\n");
    const inner = fakeFetch(body, 100);
    const spy: FetchLike = (url, init) => {
      seen.push({ url, init });
      return inner(url, init);
    };
    await collect(getEventsBytes("http://gw/", new AbortController().signal, () => 0, spy));
    expect(seen[0]?.url).toBe("http://gw/tetragon.FineGuidanceSensors/GetEvents");
    expect(seen[0]?.init.method).toBe("POST");
    expect(new Headers(seen[0]?.init.headers).get("content-type")).toBe(
      "application/grpc-web+proto",
    );
    expect(seen[0]?.init.body).toEqual(new Uint8Array(5));
  });
});
