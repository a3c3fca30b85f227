import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb";
import { PodSchema, ProcessSchema } from "../gen/tetragon/tetragon_pb";
import { encodedCorpus } from "../testing/event-corpus";
import { loadRealEvents, REAL_EVENTS_SKIP } from "../testing/real-events";
import { syntheticEvents } from "../testing/synthetic-events";
import { decodeSlim } from "./slim-decode";
import { SlimCaches } from "./slim-wire";
import { toRowView } from "./to-row";

const corpus = encodedCorpus();

function reference(bytes: Uint8Array) {
  return toRowView(fromBinary(GetEventsResponseSchema, bytes), 1);
}

function fast(bytes: Uint8Array, caches = new SlimCaches()) {
  const slim = decodeSlim(bytes, caches);
  return slim === undefined ? undefined : toRowView(slim, 1);
}

describe("decodeSlim: the row from a partial decode equals the row from fromBinary", () => {
  if (loadRealEvents() === undefined) console.warn(REAL_EVENTS_SKIP);

  it("over every real, synthetic, hostile and bench event", () => {
    expect(corpus.length).toBeGreaterThan(550);
    const caches = new SlimCaches();
    for (const { name, bytes } of corpus) {
      const row = fast(bytes, caches);
      expect(row, name).toBeDefined();
      expect(row, name).toEqual(reference(bytes));
    }
  });

  it("again with warm caches (repeats come from the caches and stay exact)", () => {
    const caches = new SlimCaches();
    for (const { bytes } of corpus) decodeSlim(bytes, caches);
    expect(caches.strings.size).toBeGreaterThan(100);
    for (const { name, bytes } of corpus)
      expect(fast(bytes, caches), name).toEqual(reference(bytes));
  });

  it("the corpus exercises the fields (not a comparison of empty rows)", () => {
    const rows = corpus.map((e) => reference(e.bytes));
    for (const f of [
      "pod",
      "namespace",
      "binary",
      "parentBinary",
      "policy",
      "returnValue",
    ] as const)
      expect(
        rows.some((r) => r[f] !== ""),
        f,
      ).toBe(true);
    expect(rows.some((r) => r.labels.length > 0)).toBe(true);
    expect(rows.some((r) => r.summary.includes("🛑 CAP_SYS_ADMIN"))).toBe(true);
  });
});

const s = syntheticEvents();
const exec = toBinary(GetEventsResponseSchema, s.exec);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A top-level field appended to an encoded event (protobuf: later fields win or merge). */
function field(no: number, build: (w: BinaryWriter) => void): Uint8Array {
  const w = new BinaryWriter();
  build(w.tag(no, WireType.LengthDelimited));
  return w.finish();
}

function execWithProcess(process: Uint8Array): Uint8Array {
  const execValue = new BinaryWriter().tag(1, WireType.LengthDelimited).bytes(process).finish();
  return field(1, (w) => w.bytes(execValue));
}

describe("decodeSlim on odd but valid encodings", () => {
  it("skips unknown fields at the top level and inside the process and the pod", () => {
    const unknown = new BinaryWriter()
      .tag(7777, WireType.Varint)
      .uint32(5)
      .tag(7778, WireType.LengthDelimited)
      .string("x")
      .tag(7779, WireType.Bit64)
      .fixed64(1n)
      .finish();
    const pod = concat(
      toBinary(PodSchema, create(PodSchema, { name: "p", podLabels: { a: "b" } })),
      unknown,
    );
    const process = concat(
      toBinary(ProcessSchema, create(ProcessSchema, { binary: "/bin/x", pid: 3 })),
      unknown,
      new BinaryWriter().tag(10, WireType.LengthDelimited).bytes(pod).finish(),
    );
    const bytes = concat(unknown, execWithProcess(process), unknown);
    expect(fast(bytes)).toEqual(reference(bytes));
    expect(fast(bytes)).toMatchObject({ pod: "p", binary: "/bin/x", pid: 3, labels: ["a=b"] });
  });

  it("a scalar sent twice: the last value wins, as in fromBinary", () => {
    const bytes = concat(
      exec,
      field(1000, (w) => w.string("second-node")),
    );
    expect(fast(bytes)?.node).toBe("second-node");
    expect(fast(bytes)).toEqual(reference(bytes));
  });

  it("label maps as objects build them: duplicates, number-like keys, scattered entries", () => {
    const entry = (k: string, v: string) =>
      new BinaryWriter()
        .tag(5, WireType.LengthDelimited)
        .fork()
        .tag(1, WireType.LengthDelimited)
        .string(k)
        .tag(2, WireType.LengthDelimited)
        .string(v)
        .join()
        .finish();
    const pod = concat(
      entry("z", "1"),
      entry("10", "ten"),
      new BinaryWriter().tag(2, WireType.LengthDelimited).string("pod-between").finish(),
      entry("z", "2"),
      entry("2", "two"),
      entry("__proto__", "p"),
    );
    const process = new BinaryWriter().tag(10, WireType.LengthDelimited).bytes(pod).finish();
    const bytes = execWithProcess(process);
    expect(fast(bytes)).toEqual(reference(bytes));
    expect(fast(bytes)?.labels).toEqual(reference(bytes).labels);
  });

  it("capabilities packed or not", () => {
    const caps = (packed: boolean) => {
      const w = new BinaryWriter();
      if (packed) w.tag(2, WireType.LengthDelimited).fork().int32(3).int32(21).join();
      else w.tag(2, WireType.Varint).int32(3).tag(2, WireType.Varint).int32(21);
      return w.finish();
    };
    for (const packed of [true, false]) {
      const process = new BinaryWriter()
        .tag(5, WireType.LengthDelimited)
        .string("/bin/caps")
        .tag(14, WireType.LengthDelimited)
        .bytes(caps(packed))
        .finish();
      const bytes = execWithProcess(process);
      expect(fast(bytes)?.summary).toContain("🛑 CAP_SYS_ADMIN");
      expect(fast(bytes)).toEqual(reference(bytes));
    }
  });

  it("refuses what needs a merge (a message field sent twice), so the caller decodes in full", () => {
    const process = toBinary(ProcessSchema, create(ProcessSchema, { pid: 9 }));
    const twice = concat(exec, execWithProcess(process));
    expect(decodeSlim(twice, new SlimCaches())).toBeUndefined();
    // fromBinary merges: the pid of the second, the binary of the first.
    expect(reference(twice)).toMatchObject({ pid: 9, binary: "/usr/bin/curl" });
  });

  it("refuses malformed bytes instead of guessing", () => {
    const caches = new SlimCaches();
    expect(decodeSlim(exec.subarray(0, exec.length - 3), caches)).toBeUndefined();
    const badUtf8 = concat(exec, new Uint8Array([0xc2, 0x3e, 0x02, 0xff, 0xfe])); // node_name = ff fe
    expect(decodeSlim(badUtf8, caches)).toBeUndefined();
    expect(() => fromBinary(GetEventsResponseSchema, badUtf8)).toThrow();
    const wrongType = concat(
      exec,
      new BinaryWriter().tag(1000, WireType.Varint).uint32(1).finish(),
    );
    expect(decodeSlim(wrongType, caches)).toBeUndefined();
  });
});
