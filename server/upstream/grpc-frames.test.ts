import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { GrpcFrameSplitter } from "./grpc-frames.js";

/** A gRPC envelope: flags, big-endian length, message. */
function frame(message: number[], flags = 0): number[] {
  const n = message.length;
  return [flags, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff, ...message];
}

const messages = [[1, 2, 3], [], [4], Array.from({ length: 300 }, (_, i) => i & 0xff)];
const body = Uint8Array.from(messages.flatMap((m) => frame(m)));

function codeOf(run: () => void): Code | undefined {
  try {
    run();
  } catch (err) {
    return err instanceof ConnectError ? err.code : undefined;
  }
  return undefined;
}

describe("GrpcFrameSplitter", () => {
  it("gives every message in order, whatever the chunk boundaries", () => {
    for (const size of [1, 2, 3, 4, 5, 6, 7, 64, body.length]) {
      const splitter = new GrpcFrameSplitter(1024);
      const got: number[][] = [];
      for (let at = 0; at < body.length; at += size) {
        for (const m of splitter.push(body.subarray(at, at + size))) got.push([...m]);
      }
      expect(got, `chunks of ${String(size)}`).toEqual(messages);
      expect(splitter.midMessage).toBe(false);
      splitter.end();
    }
  });

  it("hands out a message wholly inside one chunk as a view of it (no copy)", () => {
    const [first] = new GrpcFrameSplitter(1024).push(body);
    expect(first?.buffer).toBe(body.buffer);
    expect(first?.byteOffset).toBe(5);
  });

  it("refuses a message over readMaxBytes (ResourceExhausted), before it arrives", () => {
    const splitter = new GrpcFrameSplitter(299);
    const big = Uint8Array.from(frame(messages[3] ?? []));
    expect(codeOf(() => splitter.push(big.subarray(0, 5)))).toBe(Code.ResourceExhausted);
  });

  it("refuses a compressed message (none was negotiated) and unknown flags (Internal)", () => {
    expect(codeOf(() => new GrpcFrameSplitter(64).push(Uint8Array.from(frame([1], 1))))).toBe(
      Code.Internal,
    );
    expect(codeOf(() => new GrpcFrameSplitter(64).push(Uint8Array.from(frame([1], 0x80))))).toBe(
      Code.Internal,
    );
  });

  it("hands out the messages before a fault in the same chunk, then throws", () => {
    const splitter = new GrpcFrameSplitter(1024);
    const chunk = Uint8Array.from([...frame([7, 7]), ...frame([1], 1)]);
    expect(splitter.push(chunk).map((m) => [...m])).toEqual([[7, 7]]);
    expect(codeOf(() => splitter.push(Uint8Array.from(frame([2]))))).toBe(Code.Internal);
    expect(
      codeOf(() => {
        splitter.end();
      }),
    ).toBe(Code.Internal);
  });

  it("refuses a body that ends inside a header or a message (InvalidArgument)", () => {
    for (const cut of [2, 7]) {
      const splitter = new GrpcFrameSplitter(1024);
      splitter.push(body.subarray(0, cut));
      expect(splitter.midMessage).toBe(true);
      expect(
        codeOf(() => {
          splitter.end();
        }),
      ).toBe(Code.InvalidArgument);
    }
  });
});
