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

  it("reads each event's own node name, whatever came before (names change, UTF-8)", () => {
    for (const node of ["node-a", "node-b", "node-a", "nœud-ü", "node-b", "", "node-c"]) {
      const bytes = toBinary(GetEventsResponseSchema, execEvent(node, "/bin/true", 1));
      expect(readEvent(bytes).nodeName).toBe(node);
    }
  });

  it("skips every wire type before the node name: varint, fixed64, fixed32, a group", () => {
    const wire = Uint8Array.from([
      ...[0x08, 0x96, 0x01], // 1: varint 150
      ...[0x11, 1, 2, 3, 4, 5, 6, 7, 8], // 2: fixed64
      ...[0x1d, 1, 2, 3, 4], // 3: fixed32
      ...[0x23, 0x08, 0x01, 0x24], // 4: group { 1: varint 1 }
      ...[0xc2, 0x3e, 2, 0x6e, 0x31], // 1000: "n1"
    ]);
    expect(readEvent(wire).nodeName).toBe("n1");
  });

  it("refuses a bad tag, an unclosed group or a truncated field (Internal)", () => {
    const bad = [
      [0x07, 0x00], // field 0
      [0x0e], // wire type 6
      [0x23, 0x08, 0x01], // group never ended
      [0x23, 0x2c], // group ended by another field number
      [0x11, 1, 2], // fixed64 cut short
      [0x08, 0x96], // varint cut short
    ];
    for (const b of bad) {
      const err = (() => {
        try {
          readEvent(Uint8Array.from(b));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err, JSON.stringify(b)).toBeInstanceOf(ConnectError);
      expect((err as ConnectError).code).toBe(Code.Internal);
    }
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
