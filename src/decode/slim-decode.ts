/**
 * The fast partial decoder: encoded GetEventsResponse -> SlimEvent, reading only the fields a
 * table row is built from and skipping the rest (ancestors, the parent's pod, namespaces,
 * credentials, stack traces, annotations...) with protobuf-es's own BinaryReader, so varints,
 * int64s, UTF-8 and skipping behave exactly as in `fromBinary`. Repeating strings and label
 * sets come from a BytesCache keyed by their encoded bytes, so a pod name seen before costs a
 * hash and a compare instead of a UTF-8 decode. kprobe arguments are decoded with
 * `fromBinary(KprobeArgumentSchema)` only when the row reads them (a getter).
 *
 * Exactness: for every event it accepts, `toRowView(decodeSlim(bytes))` equals
 * `toRowView(fromBinary(GetEventsResponseSchema, bytes))` (slim-decode.test.ts checks every
 * real, synthetic and hostile event, and odd wire orders). Whatever it does not handle the
 * plain way, it refuses (returns undefined) and the caller decodes in full instead: a
 * singular message field sent twice (protobuf merges them), the event oneof sent twice, a
 * wire type that does not match the field, a map entry with extra fields, any read error.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { WireType } from "@bufbuild/protobuf/wire";
import { KprobeArgumentSchema, type KprobeArgument } from "../gen/tetragon/tetragon_pb.js";
import type { SlimEvent, SlimEventCase, SlimParent, SlimProcess, SlimTime } from "./slim-event.js";
import { readParent, readProcess, readTime } from "./slim-process.js";
import {
  close,
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

/** One KprobeArgument, decoded once per distinct encoding. */
function decodeArg(buf: Uint8Array, start: number, end: number, c: SlimCaches): KprobeArgument {
  return c.args.get(buf, start, end, (bytes) => fromBinary(KprobeArgumentSchema, bytes));
}

/** Byte ranges of repeated KprobeArgument fields, decoded only when read. */
class ArgRanges {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  add(r: Reader, wireType: WireType): void {
    const end = open(r, wireType);
    this.starts.push(r.pos);
    this.ends.push(end);
    r.pos = end;
  }
  decode(buf: Uint8Array, c: SlimCaches): KprobeArgument[] {
    return this.starts.map((s, i) => decodeArg(buf, s, this.ends[i] ?? s, c));
  }
}

/** The process and the parent of an event case, each read at most once. */
class ProcessFields {
  process: SlimProcess | undefined;
  parent: SlimParent | undefined;
  private seen = 0;

  constructor(
    private readonly processNo: number,
    private readonly parentNo: number,
  ) {}

  /** Reads field `no` when it is the process or the parent; false when it is neither. */
  read(r: Reader, no: number, wt: WireType, c: SlimCaches): boolean {
    if (no === this.processNo) {
      this.seen = once(this.seen, 1);
      this.process = readProcess(r, wt, c);
    } else if (no === this.parentNo) {
      this.seen = once(this.seen, 2);
      this.parent = readParent(r, wt, c);
    } else return false;
    return true;
  }
}

/** The fields of a hook event (kprobe, tracepoint, uprobe, usdt, lsm) by field number. */
interface HookFields {
  readonly process: number;
  readonly parent: number;
  readonly args: number;
  readonly policy: number;
  readonly action: number;
  /** Further string fields: field number -> property name. */
  readonly strings: Readonly<Record<number, string>>;
  /** kprobe's `return` (a KprobeArgument), 0 when the hook has none. */
  readonly ret: number;
}

const HOOKS: Readonly<Record<number, HookFields & { readonly case: SlimEventCase["case"] }>> = {
  9: {
    case: "processKprobe",
    process: 1,
    parent: 2,
    args: 4,
    policy: 8,
    action: 6,
    strings: { 3: "functionName" },
    ret: 5,
  },
  10: {
    case: "processTracepoint",
    process: 1,
    parent: 2,
    args: 6,
    policy: 7,
    action: 8,
    strings: { 4: "subsys", 5: "event" },
    ret: 0,
  },
  12: {
    case: "processUprobe",
    process: 1,
    parent: 2,
    args: 7,
    policy: 5,
    action: 12,
    strings: { 3: "path", 4: "symbol" },
    ret: 0,
  },
  28: {
    case: "processLsm",
    process: 1,
    parent: 2,
    args: 7,
    policy: 5,
    action: 8,
    strings: { 3: "functionName" },
    ret: 0,
  },
  29: {
    case: "processUsdt",
    process: 1,
    parent: 2,
    args: 8,
    policy: 6,
    action: 11,
    strings: { 3: "path", 4: "provider", 5: "name" },
    ret: 0,
  },
};

function readHook(
  r: Reader,
  end: number,
  f: HookFields & { readonly case: SlimEventCase["case"] },
  c: SlimCaches,
): SlimEventCase {
  const pp = new ProcessFields(f.process, f.parent);
  let policyName = "";
  let action = 0;
  const strings: Record<string, string> = {};
  for (const name of Object.values(f.strings)) strings[name] = "";
  const args = new ArgRanges();
  let ret: [number, number] | undefined;
  let seen = 0;
  while (r.pos < end) {
    const tag = readTag(r);
    const no = tag >>> 3;
    const wt = wireTypeOf(tag);
    if (pp.read(r, no, wt, c)) continue;
    if (no === f.args) args.add(r, wt);
    else if (no === f.policy) policyName = str(r, wt, c);
    else if (no === f.action) {
      varint(wt);
      action = r.int32();
    } else if (no === f.ret && f.ret !== 0) {
      seen = once(seen, 4);
      const retEnd = open(r, wt);
      ret = [r.pos, retEnd];
      r.pos = retEnd;
    } else {
      const name = f.strings[no];
      if (name !== undefined) strings[name] = str(r, wt, c);
      else r.skip(wt, no);
    }
  }
  close(r, end);
  const buf = r.data;
  let decodedArgs: KprobeArgument[] | undefined;
  const value = {
    process: pp.process,
    parent: pp.parent,
    policyName,
    action,
    ...strings,
    get args(): KprobeArgument[] {
      decodedArgs ??= args.decode(buf, c);
      return decodedArgs;
    },
    return: ret === undefined ? undefined : decodeArg(buf, ret[0], ret[1], c),
  };
  // The table above pairs each case with exactly the string fields its SlimEventCase member
  // declares; TypeScript cannot follow that through a lookup table.
  return { case: f.case, value } as SlimEventCase;
}

function readExecOrExit(r: Reader, end: number, exit: boolean, c: SlimCaches): SlimEventCase {
  const pp = new ProcessFields(1, 2);
  let signal = "";
  let status = 0;
  while (r.pos < end) {
    const tag = readTag(r);
    const no = tag >>> 3;
    const wt = wireTypeOf(tag);
    if (pp.read(r, no, wt, c)) continue;
    if (exit && no === 3) signal = str(r, wt, c);
    else if (exit && no === 4) {
      varint(wt);
      status = r.uint32();
    } else r.skip(wt, no);
  }
  close(r, end);
  const { process, parent } = pp;
  return exit
    ? { case: "processExit", value: { process, parent, signal, status } }
    : { case: "processExec", value: { process, parent } };
}

function readLoader(r: Reader, end: number, c: SlimCaches): SlimEventCase {
  const pp = new ProcessFields(1, 4);
  let path = "";
  let buildid: Uint8Array = new Uint8Array(0);
  while (r.pos < end) {
    const tag = readTag(r);
    const no = tag >>> 3;
    const wt = wireTypeOf(tag);
    if (pp.read(r, no, wt, c)) continue;
    if (no === 2) path = str(r, wt, c);
    else if (no === 3) {
      if (wt !== WireType.LengthDelimited) throw REFUSED;
      buildid = r.bytes();
    } else r.skip(wt, no);
  }
  close(r, end);
  const { process, parent } = pp;
  return { case: "processLoader", value: { process, parent, path, buildid } };
}

function readThrottle(r: Reader, end: number, c: SlimCaches): SlimEventCase {
  let type = 0;
  let cgroup = "";
  while (r.pos < end) {
    const tag = readTag(r);
    const no = tag >>> 3;
    if (no === 1) {
      varint(wireTypeOf(tag));
      type = r.int32();
    } else if (no === 2) cgroup = str(r, wireTypeOf(tag), c);
    else r.skip(wireTypeOf(tag), no);
  }
  close(r, end);
  return { case: "processThrottle", value: { type, cgroup } };
}

function readRateLimit(r: Reader, end: number): SlimEventCase {
  let dropped = 0n;
  while (r.pos < end) {
    const tag = readTag(r);
    if (tag >>> 3 === 1) {
      varint(wireTypeOf(tag));
      dropped = r.uint64() as bigint;
    } else r.skip(wireTypeOf(tag), tag >>> 3);
  }
  close(r, end);
  return { case: "rateLimitInfo", value: { numberOfDroppedProcessEvents: dropped } };
}

function readEvent(r: Reader, no: number, wireType: WireType, c: SlimCaches): SlimEventCase {
  const end = open(r, wireType);
  const hook = HOOKS[no];
  if (hook !== undefined) return readHook(r, end, hook, c);
  switch (no) {
    case 1:
      return readExecOrExit(r, end, false, c);
    case 5:
      return readExecOrExit(r, end, true, c);
    case 11:
      return readLoader(r, end, c);
    case 27:
      return readThrottle(r, end, c);
    case 40000:
      r.pos = end;
      return { case: "test", value: {} };
    case 40001:
      return readRateLimit(r, end);
    default:
      throw REFUSED;
  }
}

const EVENT_FIELDS = new Set([1, 5, 9, 10, 11, 12, 27, 28, 29, 40000, 40001]);
const NO_EVENT: SlimEventCase = { case: undefined };

/**
 * The slim form of an encoded GetEventsResponse, or undefined when the fast path refuses it
 * (decode it in full then: `fromBinary` gives the same row, or the real error).
 */
export function decodeSlim(bytes: Uint8Array, c: SlimCaches): SlimEvent | undefined {
  try {
    const r = new Reader(bytes);
    let nodeName = "";
    let clusterName = "";
    let time: SlimTime | undefined;
    let event = NO_EVENT;
    let seen = 0;
    while (r.pos < r.len) {
      const tag = readTag(r);
      const no = tag >>> 3;
      const wt = wireTypeOf(tag);
      if (no === 1000) nodeName = str(r, wt, c);
      else if (no === 1003) clusterName = str(r, wt, c);
      else if (no === 1001) {
        seen = once(seen, 1);
        time = readTime(r, wt);
      } else if (EVENT_FIELDS.has(no)) {
        seen = once(seen, 2);
        event = readEvent(r, no, wt, c);
      } else r.skip(wt, no);
    }
    if (r.pos !== r.len) return undefined;
    return { nodeName, clusterName, time, event };
  } catch {
    return undefined;
  }
}
