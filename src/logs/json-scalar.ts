/*
 * Protobuf JSON scalars (and google.protobuf.Timestamp) checked the way protobuf-es' fromJson
 * checks them and written to the wire the way its toBinary writes them, for json-to-binary.ts.
 * A value fromJson would refuse, or accepts in a form this code leaves alone (numbers given
 * as strings, "NaN"…), throws STEP_ASIDE: the caller then takes protobuf-es' own path.
 */
import { ScalarType } from "@bufbuild/protobuf";
import {
  base64Decode,
  FLOAT32_MAX,
  FLOAT32_MIN,
  INT32_MAX,
  INT32_MIN,
  UINT32_MAX,
  WireType,
} from "@bufbuild/protobuf/wire";
import type { WireWriter } from "./wire-writer.js";

/** Thrown when the JSON is not for the fast path; caught by binaryFromJson(), never escapes. */
export const STEP_ASIDE = new Error("binaryFromJson: take the general path");

export function stepAside(): never {
  throw STEP_ASIDE;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** A 64-bit integer from a JSON number or decimal string, range-checked as protobuf-es does. */
function int64Of(value: unknown, unsigned: boolean): bigint {
  let n: bigint;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) stepAside();
    n = BigInt(value);
  } else if (typeof value === "string" && /^-?[0-9]{1,20}$/.test(value)) {
    n = BigInt(value);
  } else stepAside();
  if (unsigned ? n < 0n || n > UINT64_MAX : n < INT64_MIN || n > INT64_MAX) stepAside();
  return n;
}

/** A JSON number or decimal string that is a non-negative safe integer, else undefined. */
function smallNonNegative(value: unknown): number | undefined {
  if (typeof value === "number")
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string" || value.length === 0 || value.length > 15) return undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  return Number(value);
}

function int32Of(value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    stepAside();
  return value;
}

function fixedWireType(type: ScalarType): WireType {
  return type === ScalarType.FIXED32 || type === ScalarType.SFIXED32
    ? WireType.Bit32
    : WireType.Bit64;
}

/**
 * A scalar: checked, then (when `always`, or when it is not its type's zero) its tag and
 * value. no = 0 writes the bare value, for packed lists.
 */
export function writeScalar(
  out: WireWriter,
  type: ScalarType,
  value: unknown,
  no: number,
  always: boolean,
): void {
  switch (type) {
    case ScalarType.STRING:
      if (typeof value !== "string") stepAside();
      if (!always && value === "") return;
      if (no > 0) out.tag(no, WireType.LengthDelimited);
      // A lone surrogate: fromJson refuses the string (it has no UTF-8).
      if (!out.string(value)) stepAside();
      return;
    case ScalarType.BYTES: {
      if (typeof value !== "string") stepAside();
      let bytes: Uint8Array;
      try {
        bytes = value === "" ? new Uint8Array(0) : base64Decode(value);
      } catch {
        stepAside();
      }
      if (!always && bytes.byteLength === 0) return;
      if (no > 0) out.tag(no, WireType.LengthDelimited);
      out.bytes(bytes);
      return;
    }
    case ScalarType.BOOL:
      if (typeof value !== "boolean") stepAside();
      if (!always && !value) return;
      if (no > 0) out.tag(no, WireType.Varint);
      out.varint(value ? 1 : 0);
      return;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT: {
      if (typeof value !== "number" || !Number.isFinite(value)) stepAside();
      const float = type === ScalarType.FLOAT;
      if (float && (value > FLOAT32_MAX || value < FLOAT32_MIN)) stepAside();
      // -0 is not zero: protobuf-es writes it.
      if (!always && Object.is(value, 0)) return;
      if (no > 0) out.tag(no, float ? WireType.Bit32 : WireType.Bit64);
      if (float) out.float(value);
      else out.double(value);
      return;
    }
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
    case ScalarType.UINT32:
    case ScalarType.FIXED32: {
      const unsigned = type === ScalarType.UINT32 || type === ScalarType.FIXED32;
      const n = unsigned ? int32Of(value, 0, UINT32_MAX) : int32Of(value, INT32_MIN, INT32_MAX);
      if (!always && n === 0) return;
      const varint = type === ScalarType.INT32 || type === ScalarType.UINT32;
      if (no > 0)
        out.tag(no, varint || type === ScalarType.SINT32 ? WireType.Varint : fixedWireType(type));
      if (type === ScalarType.INT32) out.int32(n);
      else if (type === ScalarType.UINT32) out.varint(n);
      else if (type === ScalarType.SINT32) out.varint(((n << 1) ^ (n >> 31)) >>> 0);
      else out.fixed32(n, !unsigned);
      return;
    }
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
    case ScalarType.UINT64:
    case ScalarType.FIXED64: {
      const varint = type === ScalarType.INT64 || type === ScalarType.UINT64;
      if (varint) {
        // Most 64-bit values (times, sizes, inodes) are small: no BigInt for them.
        const small = smallNonNegative(value);
        if (small !== undefined) {
          if (!always && small === 0) return;
          if (no > 0) out.tag(no, WireType.Varint);
          out.varint(small);
          return;
        }
      }
      const unsigned = type === ScalarType.UINT64 || type === ScalarType.FIXED64;
      const n = int64Of(value, unsigned);
      if (!always && n === 0n) return;
      if (no > 0)
        out.tag(no, varint || type === ScalarType.SINT64 ? WireType.Varint : fixedWireType(type));
      if (varint) out.varint64(n);
      else if (type === ScalarType.SINT64) out.varint64((n << 1n) ^ (n >> 63n));
      else out.fixed64(n, !unsigned);
      return;
    }
  }
}

const TIMESTAMP =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?(?:Z|([+-][0-9][0-9]:[0-9][0-9]))$/;
const TIMESTAMP_MIN_MS = Date.parse("0001-01-01T00:00:00Z");
const TIMESTAMP_MAX_MS = Date.parse("9999-12-31T23:59:59Z");

/** A google.protobuf.Timestamp's body from its RFC 3339 string, as protobuf-es reads it. */
export function writeTimestamp(out: WireWriter, value: unknown): void {
  if (typeof value !== "string") stepAside();
  const m = TIMESTAMP.exec(value);
  if (!m) stepAside();
  // Date.parse of the same string protobuf-es builds: it takes (and rolls) what it takes.
  const ms = Date.parse(
    `${m[1] ?? ""}-${m[2] ?? ""}-${m[3] ?? ""}T${m[4] ?? ""}:${m[5] ?? ""}:${m[6] ?? ""}${m[8] ?? "Z"}`,
  );
  if (Number.isNaN(ms) || ms < TIMESTAMP_MIN_MS || ms > TIMESTAMP_MAX_MS) stepAside();
  const fraction = m[7];
  const nanos =
    fraction === undefined ? 0 : parseInt(`1${fraction.padEnd(9, "0")}`, 10) - 1_000_000_000;
  writeScalar(out, ScalarType.INT64, ms / 1000, 1, false);
  writeScalar(out, ScalarType.INT32, nanos, 2, false);
}
