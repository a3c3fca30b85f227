import { toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../../src/gen/tetragon/events_pb.js";
import { execEvent } from "../testing/fixtures.js";
import { readEvent } from "./opaque-events.js";

describe("readEvent", () => {
  it("keeps the agent's exact bytes as a view (no copy), and reads the node name", () => {
    const bytes = toBinary(GetEventsResponseSchema, execEvent("node-a", "/bin/true", 7));
    // Inside a larger buffer, as when several frames arrive in one read.
    const wire = new Uint8Array(bytes.length + 20);
    wire.set(bytes, 9);
    const event = readEvent(wire.subarray(9, 9 + bytes.length));
    expect(event.nodeName).toBe("node-a");
    expect(Buffer.from(event.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(event.bytes.buffer).toBe(wire.buffer);
    expect(toBinary(GetEventsResponseSchema, event.message)).toEqual(bytes);
  });

  it("compact gives a view its own buffer with the same bytes", () => {
    const bytes = toBinary(GetEventsResponseSchema, execEvent("node-b", "/bin/ls", 1));
    const wire = new Uint8Array(bytes.length + 3);
    wire.set(bytes, 3);
    const event = readEvent(wire.subarray(3));
    event.compact();
    expect(event.bytes).toEqual(bytes);
    expect(event.bytes.buffer).not.toBe(wire.buffer);
    expect(event.bytes.buffer.byteLength).toBe(bytes.length);
    expect(event.nodeName).toBe("node-b");
  });

  it("relays a tag that was not minimally encoded as it is, and still reads the node name", () => {
    // node_name (field 1000, length-delimited): key 8002, minimally c2 3e; padded c2 be 00.
    const wire = Uint8Array.from([0xc2, 0xbe, 0x00, 1, 0x78]);
    const event = readEvent(wire);
    expect(event.nodeName).toBe("x");
    expect([...event.bytes]).toEqual([...wire]);
  });

  it("refuses bytes that are not a protobuf message, as connect's parser did (Internal)", () => {
    // Field 1000, length-delimited, announcing 9 bytes where 1 follows.
    const err = (() => {
      try {
        readEvent(Uint8Array.from([0xc2, 0x3e, 9, 0x78]));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.Internal);
  });
});
