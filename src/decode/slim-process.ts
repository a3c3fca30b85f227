/**
 * The process part of an event for the partial decoder: Process (exec_id, pid, uid, binary,
 * arguments, pod, parent exec_id, capabilities), its Pod (namespace, name, workload, labels,
 * container, image) and the parent's binary and arguments. Every other field is skipped.
 * Label entries are remembered as one byte run per pod, so a pod's labels object is built
 * once and shared by all its events.
 */
import { WireType } from "@bufbuild/protobuf/wire";
import type { SlimContainer, SlimParent, SlimPod, SlimProcess, SlimTime } from "./slim-event.js";
import {
  close,
  decodeString,
  once,
  open,
  Reader,
  readTag,
  REFUSED,
  type SlimCaches,
  str,
  varint,
  wireTypeOf,
} from "./slim-wire.js";

function readUInt32Value(r: Reader, wireType: WireType): number {
  const end = open(r, wireType);
  let value = 0;
  while (r.pos < end) {
    const tag = readTag(r);
    if (tag >>> 3 === 1) {
      varint(wireTypeOf(tag));
      value = r.uint32();
    } else r.skip(wireTypeOf(tag), tag >>> 3);
  }
  close(r, end);
  return value;
}

export function readTime(r: Reader, wireType: WireType): SlimTime {
  const end = open(r, wireType);
  let seconds = 0n;
  let nanos = 0;
  while (r.pos < end) {
    const tag = readTag(r);
    const no = tag >>> 3;
    if (no === 1) {
      varint(wireTypeOf(tag));
      seconds = r.int64() as bigint;
    } else if (no === 2) {
      varint(wireTypeOf(tag));
      nanos = r.int32();
    } else r.skip(wireTypeOf(tag), no);
  }
  close(r, end);
  return { seconds, nanos };
}

function readCaps(r: Reader, wireType: WireType): { effective: number[] } {
  const end = open(r, wireType);
  const effective: number[] = [];
  while (r.pos < end) {
    const tag = readTag(r);
    const no = tag >>> 3;
    const wt = wireTypeOf(tag);
    if (no !== 2) r.skip(wt, no);
    else if (wt === WireType.LengthDelimited) {
      const packedEnd = open(r, wt);
      while (r.pos < packedEnd) effective.push(r.int32());
      close(r, packedEnd);
    } else {
      varint(wt);
      effective.push(r.int32());
    }
  }
  close(r, end);
  return { effective };
}

function readImage(r: Reader, wireType: WireType, c: SlimCaches): { name: string } {
  const end = open(r, wireType);
  let name = "";
  while (r.pos < end) {
    const tag = readTag(r);
    if (tag >>> 3 === 2) name = str(r, wireTypeOf(tag), c);
    else r.skip(wireTypeOf(tag), tag >>> 3);
  }
  close(r, end);
  return { name };
}

function readContainer(r: Reader, wireType: WireType, c: SlimCaches): SlimContainer {
  const end = open(r, wireType);
  let id = "";
  let name = "";
  let image: { name: string } | undefined;
  let seen = 0;
  while (r.pos < end) {
    const tag = readTag(r);
    switch (tag >>> 3) {
      case 1:
        id = str(r, wireTypeOf(tag), c);
        break;
      case 2:
        name = str(r, wireTypeOf(tag), c);
        break;
      case 3:
        seen = once(seen, 1);
        image = readImage(r, wireTypeOf(tag), c);
        break;
      default:
        r.skip(wireTypeOf(tag), tag >>> 3);
    }
  }
  close(r, end);
  return { id, name, image };
}

/** One map<string, string> entry into `into`, as protobuf-es reads it (defaults ""). */
function readLabel(r: Reader, into: Record<string, string>): void {
  const end = open(r, WireType.LengthDelimited);
  let key = "";
  let value = "";
  while (r.pos < end) {
    const tag = readTag(r);
    const no = tag >>> 3;
    if (no !== 1 && no !== 2) throw REFUSED; // protobuf-es does not skip these
    const fieldEnd = open(r, wireTypeOf(tag));
    const text = decodeString(r.data.subarray(r.pos, fieldEnd));
    r.pos = fieldEnd;
    if (no === 1) key = text;
    else value = text;
  }
  close(r, end);
  into[key] = value;
}

/** All label entries of a pod, given the byte range [from, to) they span contiguously. */
function readLabelRun(buf: Uint8Array, from: number, to: number): Record<string, string> {
  const labels: Record<string, string> = {};
  const r = new Reader(buf.subarray(from, to));
  while (r.pos < r.len) {
    readTag(r);
    readLabel(r, labels);
  }
  return labels;
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

function readPod(r: Reader, wireType: WireType, c: SlimCaches): SlimPod {
  const end = open(r, wireType);
  let namespace = "";
  let name = "";
  let workload = "";
  let container: SlimContainer | undefined;
  let seen = 0;
  // Label entries are remembered as one contiguous byte run [runStart, runEnd) when nothing
  // else sits between them (what every encoder writes); otherwise decoded one by one.
  let runStart = -1;
  let runEnd = -1;
  let scattered: Record<string, string> | undefined;
  while (r.pos < end) {
    const tagStart = r.pos;
    const tag = readTag(r);
    const no = tag >>> 3;
    if (no === 5) {
      if (wireTypeOf(tag) !== WireType.LengthDelimited) throw REFUSED;
      if (scattered !== undefined) readLabel(r, scattered);
      else if (runStart === -1 || runEnd === tagStart) {
        if (runStart === -1) runStart = tagStart;
        r.skip(WireType.LengthDelimited, no);
        runEnd = r.pos;
      } else {
        scattered = readLabelRun(r.data, runStart, runEnd);
        readLabel(r, scattered);
      }
      continue;
    }
    switch (no) {
      case 1:
        namespace = str(r, wireTypeOf(tag), c);
        break;
      case 2:
        name = str(r, wireTypeOf(tag), c);
        break;
      case 4:
        seen = once(seen, 1);
        container = readContainer(r, wireTypeOf(tag), c);
        break;
      case 6:
        workload = str(r, wireTypeOf(tag), c);
        break;
      default:
        r.skip(wireTypeOf(tag), no);
    }
  }
  close(r, end);
  let podLabels = scattered ?? NO_LABELS;
  if (scattered === undefined && runStart !== -1) {
    podLabels = c.labels.get(r.data, runStart, runEnd, (bytes) =>
      Object.freeze(readLabelRun(bytes, 0, bytes.length)),
    );
  }
  return { namespace, name, workload, podLabels, container };
}

export function readProcess(r: Reader, wireType: WireType, c: SlimCaches): SlimProcess {
  const end = open(r, wireType);
  let execId = "";
  let pid: number | undefined;
  let uid: number | undefined;
  let binary = "";
  let args = "";
  let pod: SlimPod | undefined;
  let parentExecId = "";
  let cap: { effective: number[] } | undefined;
  let seen = 0;
  while (r.pos < end) {
    const tag = readTag(r);
    const wt = wireTypeOf(tag);
    switch (tag >>> 3) {
      case 1:
        execId = str(r, wt, c);
        break;
      case 2:
        seen = once(seen, 1);
        pid = readUInt32Value(r, wt);
        break;
      case 3:
        seen = once(seen, 2);
        uid = readUInt32Value(r, wt);
        break;
      case 5:
        binary = str(r, wt, c);
        break;
      case 6:
        args = str(r, wt, c);
        break;
      case 10:
        seen = once(seen, 4);
        pod = readPod(r, wt, c);
        break;
      case 12:
        parentExecId = str(r, wt, c);
        break;
      case 14:
        seen = once(seen, 8);
        cap = readCaps(r, wt);
        break;
      default:
        r.skip(wt, tag >>> 3);
    }
  }
  close(r, end);
  return { execId, pid, uid, binary, arguments: args, pod, parentExecId, cap };
}

export function readParent(r: Reader, wireType: WireType, c: SlimCaches): SlimParent {
  const end = open(r, wireType);
  let binary = "";
  let args = "";
  while (r.pos < end) {
    const tag = readTag(r);
    const no = tag >>> 3;
    if (no === 5) binary = str(r, wireTypeOf(tag), c);
    else if (no === 6) args = str(r, wireTypeOf(tag), c);
    else r.skip(wireTypeOf(tag), no);
  }
  close(r, end);
  return { binary, arguments: args };
}
