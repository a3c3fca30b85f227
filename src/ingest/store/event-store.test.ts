import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { toRowView } from "../../decode/to-row";
import { GetEventsResponseSchema } from "../../gen/tetragon/events_pb";
import { encodedCorpus } from "../../testing/event-corpus";
import { EventStore } from "./event-store";

const corpus = encodedCorpus();

/** Byte equality without vitest's element-by-element diffing (1 MiB events). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;
const reference = (bytes: Uint8Array, pos: number) =>
  toRowView(fromBinary(GetEventsResponseSchema, bytes), pos + 1);

describe("EventStore", () => {
  it.each(["snappy", "deflate", "none"] as const)(
    "gives back every event's row and bytes exactly (%s blocks)",
    (codec) => {
      const store = new EventStore({ capacity: 10_000, blocks: { blockBytes: 64 * 1024, codec } });
      const positions = corpus.map((e) => store.append(e.bytes));
      expect(positions).toEqual(corpus.map((_e, i) => i));
      corpus.forEach(({ name, bytes }, pos) => {
        expect(store.rowView(pos), name).toEqual(reference(bytes, pos));
        expect(same(store.bytes(pos), bytes), name).toBe(true);
      });
      expect(store.received).toBe(corpus.length);
      expect(store.size).toBe(corpus.length);
      if (codec !== "none") {
        const { held, raw } = store.blockBytes;
        expect(held).toBeLessThan(raw / 2);
      }
    },
  );

  it("keeps the newest `capacity` events, counts evictions and stays exact across the wrap", () => {
    const store = new EventStore({
      capacity: 300,
      blocks: { blockBytes: 32 * 1024, codec: "snappy" },
    });
    for (let lap = 0; lap < 3; lap++) for (const e of corpus) store.append(e.bytes);
    const total = corpus.length * 3;
    expect(store.size).toBe(300);
    expect(store.start).toBe(total - 300);
    expect(store.evicted).toBe(total - 300);
    for (let pos = store.start; pos < store.end; pos++) {
      const e = corpus[pos % corpus.length]!;
      expect(store.rowView(pos), e.name).toEqual(reference(e.bytes, pos));
      expect(same(store.bytes(pos), e.bytes), e.name).toBe(true);
    }
    expect(() => store.rowView(store.start - 1)).toThrow(RangeError);
  });

  it("frees interned strings once no held event uses them", () => {
    const store = new EventStore({ capacity: 50 });
    const exec = (i: number) =>
      toBinary(
        GetEventsResponseSchema,
        create(GetEventsResponseSchema, {
          nodeName: "n",
          event: {
            case: "processExec",
            value: { process: { binary: `/bin/unique-${String(i)}` } },
          },
        }),
      );
    for (let i = 0; i < 20_000; i++) store.append(exec(i));
    // 50 held events, a few shared strings each; without freeing it would hold 20,000+.
    expect(store.strings.size).toBeLessThan(10_000);
    expect(store.rowView(store.end - 1).binary).toBe("/bin/unique-19999");
    expect(store.rowView(store.start).binary).toBe(`/bin/unique-${String(20_000 - 50)}`);
  });

  it("shrinking the capacity evicts the oldest at once", () => {
    const store = new EventStore({ capacity: 1_000 });
    for (const e of corpus.slice(0, 100)) store.append(e.bytes);
    store.setCapacity(10);
    expect(store.size).toBe(10);
    expect(store.evicted).toBe(90);
    expect(store.rowView(99)).toEqual(reference(corpus[99]!.bytes, 99));
    expect(() => {
      store.setCapacity(0);
    }).toThrow(RangeError);
  });

  it("an event no decoder can read becomes a malformed row; the next ones are unaffected", () => {
    const store = new EventStore({ capacity: 10 });
    const good = corpus[0]!.bytes;
    store.append(new Uint8Array([0x0a, 0x05, 0x01]));
    store.append(good);
    const bad = store.rowView(0);
    expect(bad).toMatchObject({ kind: "unknown", verb: "malformed" });
    expect(bad.summary).toMatch(/^malformed event \(3 bytes\): /);
    expect(store.rowView(1)).toEqual(reference(good, 1));
  });

  it("sums the drops rate_limit_info events report", () => {
    const store = new EventStore({ capacity: 10 });
    for (const n of [7n, 35n]) {
      store.append(
        toBinary(
          GetEventsResponseSchema,
          create(GetEventsResponseSchema, {
            event: { case: "rateLimitInfo", value: { numberOfDroppedProcessEvents: n } },
          }),
        ),
      );
    }
    expect(store.droppedReported).toBe(42);
  });

  it("finds the newest event with a key, and nothing for unknown or malformed keys", () => {
    const store = new EventStore({ capacity: 10_000 });
    for (const e of corpus) store.append(e.bytes);
    for (const e of corpus) store.append(e.bytes);
    const last = store.end - 1;
    const key = store.rowView(last).key;
    expect(store.findByKey(key)).toBe(last);
    expect(store.findByKey("zzzzzzzzzzz")).toBeUndefined();
    expect(store.findByKey("not a key!")).toBeUndefined();
  });
});
