import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { EmptySchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../../src/gen/tetragon/events_pb.js";
import { execEvent } from "../testing/fixtures.js";
import { fromOpaque } from "./opaque-events.js";

describe("fromOpaque", () => {
  it("gives the agent's exact bytes as a view (no copy), and the node name", () => {
    const bytes = toBinary(GetEventsResponseSchema, execEvent("node-a", "/bin/true", 7));
    // Inside a larger buffer, as when several frames arrive in one read.
    const wire = new Uint8Array(bytes.length + 20);
    wire.set(bytes, 9);
    const event = fromOpaque(fromBinary(EmptySchema, wire.subarray(9, 9 + bytes.length)));
    expect(event.nodeName).toBe("node-a");
    expect(Buffer.from(event.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(event.bytes.buffer).toBe(wire.buffer);
    expect(toBinary(GetEventsResponseSchema, event.message)).toEqual(bytes);
  });

  it("re-encodes when the fields are not back to back, with the same result", () => {
    const bytes = toBinary(GetEventsResponseSchema, execEvent("node-b", "/bin/ls", 1));
    const parsed = fromBinary(EmptySchema, bytes);
    // Copies of each field: no longer one buffer.
    const copied = create(EmptySchema);
    copied.$unknown = (parsed.$unknown ?? []).map((f) => ({ ...f, data: f.data.slice() }));
    const event = fromOpaque(copied);
    expect(event.bytes).toEqual(bytes);
    expect(event.bytes.buffer).not.toBe(bytes.buffer);
  });

  it("falls back when a tag was not minimally encoded", () => {
    // node_name (field 1000, length-delimited): key 8002, minimally c2 3e; padded c2 be 00.
    const tag = [0xc2, 0xbe, 0x00];
    const wire = Uint8Array.from([...tag, 1, 0x78]);
    const event = fromOpaque(fromBinary(EmptySchema, wire));
    expect(event.nodeName).toBe("x");
    // Re-encoded minimally (what connect's serializer would send too).
    expect([...event.bytes]).toEqual([0xc2, 0x3e, 1, 0x78]);
  });
});
