/*
 * binaryFromJson() must give exactly toBinary(fromJson(json, { ignoreUnknownFields })) or
 * step aside (undefined): checked against protobuf-es itself for the 32 real events, every
 * synthetic event kind and kprobe argument, and a schema with every field kind and scalar
 * type fed edge values (where fromJson throws, the fast path must step aside too).
 */
import {
  create,
  createFileRegistry,
  type DescMessage,
  fromJson,
  type JsonValue,
  toBinary,
  toJsonString,
} from "@bufbuild/protobuf";
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FileDescriptorProtoSchema,
  file_google_protobuf_duration,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
  FileDescriptorProtoSchema as FileProto,
} from "@bufbuild/protobuf/wkt";
import { describe, expect, test } from "vitest";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import { olderExecLine, newerKprobeLine } from "../testing/older-tetragon-events.js";
import { loadRealEvents, REAL_EVENTS_SKIP } from "../testing/real-events.js";
import { allSyntheticEvents } from "../testing/synthetic-events.js";
import { binaryFromJson } from "./json-to-binary.js";
import { unknownFieldPaths } from "./unknown-fields.js";

const real = loadRealEvents();
if (!real) console.warn(`src/logs: ${REAL_EVENTS_SKIP}`);

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** protobuf-es' own answer, or "throws". */
function general(desc: DescMessage, json: unknown): string {
  try {
    return hex(toBinary(desc, fromJson(desc, json as JsonValue, { ignoreUnknownFields: true })));
  } catch {
    return "throws";
  }
}

/** Checks the fast path against protobuf-es; returns whether it took the JSON. */
function agrees(desc: DescMessage, json: unknown): boolean {
  const expected = general(desc, json);
  const fast = binaryFromJson(desc, json);
  if (expected === "throws") {
    expect(fast, JSON.stringify(json)).toBeUndefined();
    return false;
  }
  if (fast === undefined) return false;
  expect(hex(fast.bytes), JSON.stringify(json)).toBe(expected);
  if (json !== null && typeof json === "object" && !Array.isArray(json))
    expect(fast.unknownKeys, JSON.stringify(json)).toBe(
      unknownFieldPaths(desc, json as Record<string, unknown>).length > 0,
    );
  return true;
}

describe.skipIf(!real)("the 32 real events of ../shared", () => {
  test("each is written exactly as toBinary(fromJson(line)), without the general path", () => {
    expect(real).toHaveLength(32);
    for (const { line } of real ?? []) {
      expect(agrees(GetEventsResponseSchema, JSON.parse(line))).toBe(true);
    }
  });
});

describe("Tetragon events", () => {
  test("every synthetic event kind and kprobe argument, by proto and by JSON names", () => {
    const events = allSyntheticEvents();
    expect(events.length).toBeGreaterThan(20);
    for (const e of events) {
      for (const useProtoFieldName of [true, false]) {
        const json: unknown = JSON.parse(
          toJsonString(GetEventsResponseSchema, e, { useProtoFieldName }),
        );
        expect(agrees(GetEventsResponseSchema, json)).toBe(true);
      }
    }
  });

  test("an older agent's and a newer agent's lines: unknown keys skipped and flagged", () => {
    for (const line of [olderExecLine(), newerKprobeLine()]) {
      const json = JSON.parse(line) as Record<string, unknown>;
      expect(agrees(GetEventsResponseSchema, json)).toBe(true);
      expect(binaryFromJson(GetEventsResponseSchema, json)?.unknownKeys).toBe(true);
    }
  });

  test("what fromJson refuses, or what this writer leaves, goes to the general path", () => {
    const exec = { process: { binary: "/bin/sh", pid: 7 } };
    for (const json of [
      { process_exec: null },
      { process_exec: exec, process_exit: exec },
      { process_exec: exec, processExec: exec },
      { process_exec: { process: { pid: "7" } } },
      { process_exec: { process: { pid: -1 } } },
      { process_exec: { process: { binary: 5 } } },
      { process_exec: { process: { start_time: "yesterday" } } },
      { process_exec: { process: { uid: null } } },
      { process_exec: { process: { binary: "\ud800" } } },
      { process_exec: [] },
      "process_exec",
      [],
    ]) {
      expect(agrees(GetEventsResponseSchema, json), JSON.stringify(json)).toBe(false);
    }
  });
});

type FieldSpec = readonly [name: string, type: Type, typeName?: string];

/** Field descriptors numbered from `first` by `step`, with the JSON names protoc gives. */
function fields(
  first: number,
  step: number,
  specs: readonly FieldSpec[],
  extra: { label?: Label; oneofIndex?: number; proto3Optional?: boolean } = {},
) {
  return specs.map(([name, type, typeName], i) => ({
    name,
    jsonName: name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()),
    number: first + i * step,
    type,
    ...(typeName === undefined ? {} : { typeName }),
    label: Label.OPTIONAL,
    ...extra,
  }));
}

// A schema with every field kind, as a proto3 file (and one proto2 message for explicit
// presence, closed enums and required fields).
const registry = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: "all.proto",
    package: "t",
    syntax: "proto3",
    dependency: [
      "google/protobuf/timestamp.proto",
      "google/protobuf/wrappers.proto",
      "google/protobuf/duration.proto",
    ],
    enumType: [
      {
        name: "Color",
        value: [
          { name: "COLOR_UNSET", number: 0 },
          { name: "RED", number: 1 },
          { name: "NEGATIVE", number: -3 },
        ],
      },
    ],
    messageType: [
      {
        name: "All",
        field: [
          // Numbered against their order, so key order and field-number order differ.
          ...fields(20, -1, [
            ["f_double", Type.DOUBLE],
            ["f_float", Type.FLOAT],
            ["f_int64", Type.INT64],
            ["f_uint64", Type.UINT64],
            ["f_int32", Type.INT32],
            ["f_fixed64", Type.FIXED64],
            ["f_fixed32", Type.FIXED32],
            ["f_bool", Type.BOOL],
            ["f_string", Type.STRING],
            ["f_bytes", Type.BYTES],
            ["f_uint32", Type.UINT32],
            ["f_sfixed32", Type.SFIXED32],
            ["f_sfixed64", Type.SFIXED64],
            ["f_sint32", Type.SINT32],
            ["f_sint64", Type.SINT64],
          ]),
          ...fields(30, 1, [
            ["color", Type.ENUM, ".t.Color"],
            ["child", Type.MESSAGE, ".t.All"],
          ]),
          ...fields(
            40,
            1,
            [
              ["r_int32", Type.INT32],
              ["r_string", Type.STRING],
              ["r_double", Type.DOUBLE],
              ["r_sint64", Type.SINT64],
              ["r_bytes", Type.BYTES],
              ["r_color", Type.ENUM, ".t.Color"],
              ["r_child", Type.MESSAGE, ".t.All"],
            ],
            { label: Label.REPEATED },
          ),
          ...fields(
            50,
            1,
            (["StringEntry", "ColorEntry", "ChildEntry", "IntKeyEntry"] as const).map(
              (entry): FieldSpec => [
                `m_${entry.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).slice(1)}`,
                Type.MESSAGE,
                `.t.All.${entry}`,
              ],
            ),
            { label: Label.REPEATED },
          ),
          ...fields(
            60,
            1,
            [
              ["o_string", Type.STRING],
              ["o_int32", Type.INT32],
              ["o_bool", Type.BOOL],
              ["o_child", Type.MESSAGE, ".t.All"],
            ],
            { oneofIndex: 0 },
          ),
          ...fields(70, 1, [["opt_int32", Type.INT32]], { oneofIndex: 1, proto3Optional: true }),
          ...fields(80, 1, [
            ["time", Type.MESSAGE, ".google.protobuf.Timestamp"],
            ["u32", Type.MESSAGE, ".google.protobuf.UInt32Value"],
            ["i64", Type.MESSAGE, ".google.protobuf.Int64Value"],
            ["flag", Type.MESSAGE, ".google.protobuf.BoolValue"],
            ["text", Type.MESSAGE, ".google.protobuf.StringValue"],
            ["window", Type.MESSAGE, ".google.protobuf.Duration"],
          ]),
        ],
        oneofDecl: [{ name: "choice" }, { name: "_opt_int32" }],
        nestedType: (
          [
            ["StringEntry", Type.STRING, Type.STRING, undefined],
            ["ColorEntry", Type.STRING, Type.ENUM, ".t.Color"],
            ["ChildEntry", Type.STRING, Type.MESSAGE, ".t.All"],
            ["IntKeyEntry", Type.INT32, Type.STRING, undefined],
          ] as const
        ).map(([name, keyType, type, typeName]) => ({
          name,
          options: { mapEntry: true },
          field: [
            { name: "key", jsonName: "key", number: 1, type: keyType },
            {
              name: "value",
              jsonName: "value",
              number: 2,
              type,
              ...(typeName === undefined ? {} : { typeName }),
            },
          ],
        })),
      },
    ],
  }),
  (name) =>
    ({
      "google/protobuf/timestamp.proto": file_google_protobuf_timestamp,
      "google/protobuf/wrappers.proto": file_google_protobuf_wrappers,
      "google/protobuf/duration.proto": file_google_protobuf_duration,
    })[name],
);
const All = registry.getMessage("t.All")!;

const proto2 = createFileRegistry(
  create(FileProto, {
    name: "two.proto",
    package: "p",
    syntax: "proto2",
    enumType: [{ name: "Shut", value: [{ name: "ONE", number: 1 }] }],
    messageType: [
      {
        name: "Two",
        field: [
          { name: "n", jsonName: "n", number: 1, type: Type.INT32, label: Label.OPTIONAL },
          {
            name: "s",
            jsonName: "s",
            number: 2,
            type: Type.ENUM,
            typeName: ".p.Shut",
            label: Label.OPTIONAL,
          },
        ],
      },
      {
        name: "Needs",
        field: [{ name: "n", jsonName: "n", number: 1, type: Type.INT32, label: Label.REQUIRED }],
      },
    ],
  }),
  () => undefined,
);

describe("every field kind against protobuf-es", () => {
  const values: Record<string, unknown[]> = {
    fDouble: [0, -0, 1.5, -2e300, 5e-324, "NaN", "1.5", "Infinity"],
    fFloat: [0, -0, 1.5, 3.4e38, 3.5e38, -1e-45],
    fInt64: [0, "0", "-0", 1, "9007199254740993", "-9223372036854775808", "9223372036854775808"]
      .concat(["00012", "0x10", " 5", "1e3", -5, 2 ** 60, 1.5, "", "-"])
      .concat([Number.MAX_SAFE_INTEGER, "999999999999999", "1234567890123456"]),
    fUint64: [0, "18446744073709551615", "18446744073709551616", "-1", "-0", 7, -7],
    fInt32: [0, 1, -1, 2147483647, -2147483648, 2147483648, "5", 1.5, true],
    fFixed64: ["0", "1", "18446744073709551615", -1],
    fFixed32: [0, 4294967295, 4294967296, -1],
    fBool: [false, true, "true", 0, 1],
    fString: ["", "a", "é", "€", "😀", "\ud83d", "\ude00x", "x".repeat(200), "é".repeat(100), 5],
    fBytes: ["", "AAEC", "AAE=", "AA", "_-8", "-_8=", "A", "!!", "QUJD\nREVG", 7],
    fUint32: [0, 1, 127, 128, 16384, 4294967295, -1, 4294967296],
    fSfixed32: [0, -1, 2147483647, -2147483649],
    fSfixed64: ["0", "-1", "-9223372036854775808", 12],
    fSint32: [0, -1, 1, -2147483648, 2147483647],
    fSint64: ["0", "-1", "1", "-9223372036854775808", "9223372036854775807", -64, 64],
    color: ["COLOR_UNSET", "RED", "NEGATIVE", "BLUE", 0, 1, -3, 99, 2 ** 31, 1.5, true],
    child: [{}, { fInt32: 1 }, { child: { fString: "x" } }, [], "x", { nope: 1 }],
    rInt32: [[], [0, 1, -1, 300], [1, null], [1, "2"], "1"],
    rString: [[], ["", "a"], ["\ud800"], [1]],
    rDouble: [[0, -0, 1.5]],
    rSint64: [["-1", 1, "0"]],
    rBytes: [["", "AAE="]],
    rColor: [[], ["RED", "BLUE", 0, -3], ["BLUE"], [null]],
    rChild: [[], [{}, { fBool: true }], [null], [[]]],
    mStringEntry: [{}, { a: "", "2": "b", "1": "c", "": "d" }, { a: 1 }, { a: null }, []],
    mColorEntry: [{ a: "RED", b: "BLUE", c: 0 }, { a: "BLUE" }],
    mChildEntry: [{ a: {}, b: { fInt32: 3 } }, { a: null }, { a: 5 }],
    mIntKeyEntry: [{}, { "1": "a" }, { x: "a" }],
    oString: ["", "x", null],
    oInt32: [0, 5],
    oBool: [false, true],
    oChild: [{}, { fInt32: 1 }, null],
    optInt32: [0, 5, null],
    time: [
      "1970-01-01T00:00:00Z",
      "2022-01-19T16:29:01.861Z",
      "2022-01-19T16:29:01.000000001Z",
      "2022-01-19T16:29:01.123456789+02:00",
      "1900-01-01T00:00:00Z",
      "0001-01-01T00:00:00Z",
      "0000-12-31T00:00:00Z",
      "9999-12-31T23:59:59.999999999Z",
      "2022-13-01T00:00:00Z",
      "2024-02-30T00:00:00Z",
      "2022-01-19 16:29:01Z",
      "2022-01-19T16:29:01.1234567891Z",
      12,
      null,
    ],
    u32: [0, 5, 4294967295, -1, "5", null],
    i64: ["0", "-5", 5, null],
    flag: [false, true, null],
    text: ["", "x", null],
    window: ["1s", "0.5s"],
  };

  test("each field alone, with each value; only the documented rarities step aside", () => {
    const aside: string[] = [];
    for (const [key, list] of Object.entries(values)) {
      // m… are maps, r… lists (so those paths are what is tested), the rest exist.
      expect(All.fields.find((f) => f.jsonName === key)?.fieldKind, key).toEqual(
        /^m[A-Z]/.test(key) ? "map" : /^r[A-Z]/.test(key) ? "list" : expect.any(String),
      );
      for (const v of list) {
        const json = { [key]: v };
        if (!agrees(All, json) && general(All, json) !== "throws")
          aside.push(`${key} ${JSON.stringify(v)}`);
      }
    }
    // Numbers as strings (but 64-bit decimals), null, non-string map keys, Duration.
    expect(aside).toEqual([
      'fDouble "NaN"',
      'fDouble "1.5"',
      'fDouble "Infinity"',
      'fInt64 "0x10"',
      'fInt64 " 5"',
      'fInt32 "5"',
      'rInt32 [1,"2"]',
      "mIntKeyEntry {}",
      'mIntKeyEntry {"1":"a"}',
      "oString null",
      "oChild null",
      "optInt32 null",
      "time null",
      'u32 "5"',
      "u32 null",
      "i64 null",
      "flag null",
      "text null",
      'window "1s"',
      'window "0.5s"',
    ]);
  });

  test("the same field twice, two oneof members, out-of-order keys, unknown keys, nesting", () => {
    expect(agrees(All, { fInt32: 1, f_int32: 1 })).toBe(false);
    expect(agrees(All, { oString: "a", oInt32: 1 })).toBe(false);
    expect(agrees(All, { oString: "a", optInt32: 1 })).toBe(true);
    expect(agrees(All, { rColor: ["RED"], fDouble: 1, mStringEntry: { a: "b" }, fSint32: 3 })).toBe(
      true,
    );
    expect(agrees(All, { nope: 1, child: { alsoNope: { x: 1 } } })).toBe(true);
    let deep: Record<string, unknown> = { fInt32: 1 };
    for (let i = 0; i < 30; i++) deep = { child: deep, rChild: [{ fInt32: i }] };
    expect(agrees(All, deep)).toBe(true);
    for (let i = 0; i < 80; i++) deep = { child: deep };
    expect(agrees(All, deep)).toBe(false);
  });

  test("proto2: explicit presence and closed enums agree; required fields step aside", () => {
    const Two = proto2.getMessage("p.Two")!;
    for (const json of [{}, { n: 0 }, { s: "ONE" }, { s: 1 }, { s: 2 }, { s: "TWO" }])
      agrees(Two, json);
    expect(agrees(Two, { n: 0 })).toBe(true);
    expect(agrees(proto2.getMessage("p.Needs")!, { n: 1 })).toBe(false);
  });
});
