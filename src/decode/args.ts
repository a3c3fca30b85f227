/**
 * One readable line per KprobeArgument (kprobe, tracepoint, uprobe, usdt and lsm arguments
 * and return values). The switch over the oneof is exhaustive: a new argument type in the
 * proto fails the typecheck here. Bytes are shown as an escaped string when mostly printable,
 * else as hex, and capped with a note saying how much was cut.
 */
import { BpfCmdSchema } from "../gen/tetragon/bpf_pb.js";
import { CapabilitiesTypeSchema, SecureBitsTypeSchema } from "../gen/tetragon/capabilities_pb.js";
import type {
  Capabilities,
  KprobeArgument,
  Namespace,
  ProcessCredentials,
  UserNamespace,
} from "../gen/tetragon/tetragon_pb.js";
import { TaintedBitsTypeSchema } from "../gen/tetragon/tetragon_pb.js";
import { assertNever } from "../lib/assert-never.js";
import { protoEnumName } from "./enum-names.js";

/** Bytes shown before the "(N bytes, first M shown)" note. */
export const BYTES_SHOWN = 256;

/** The oneof case in the JSON spelling ("file_arg"), for labels in the detail pane. */
export function argTypeName(arg: KprobeArgument): string {
  const c = arg.arg.case;
  return c === undefined ? "empty" : c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
}

function isMostlyPrintable(b: Uint8Array, n: number): boolean {
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i] ?? 0;
    if ((c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d) printable++;
  }
  return n === 0 || printable / n >= 0.8;
}

function escapeByte(c: number): string {
  switch (c) {
    case 0x09:
      return "\\t";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x22:
      return '\\"';
    case 0x5c:
      return "\\\\";
    default:
      return c >= 0x20 && c < 0x7f
        ? String.fromCharCode(c)
        : `\\x${c.toString(16).padStart(2, "0")}`;
  }
}

/**
 * Bytes as `"escaped text"` when mostly printable, else lower-case hex; at most `max` bytes,
 * then a note. `origSize` (from truncated_bytes_arg) reports what the agent itself cut.
 */
export function formatBytes(b: Uint8Array, max = BYTES_SHOWN, origSize?: bigint): string {
  const n = Math.min(b.length, max);
  let body = "";
  if (isMostlyPrintable(b, n)) {
    for (let i = 0; i < n; i++) body += escapeByte(b[i] ?? 0);
    body = `"${body}"`;
  } else {
    for (let i = 0; i < n; i++) body += (b[i] ?? 0).toString(16).padStart(2, "0");
  }
  const notes: string[] = [];
  if (b.length > n) notes.push(`${b.length} bytes, first ${n} shown`);
  if (origSize !== undefined && origSize > BigInt(b.length)) {
    notes.push(`truncated by the agent: ${origSize} bytes originally`);
  }
  if (b.length === 0 && notes.length === 0) return `""`;
  return notes.length > 0 ? `${body} (${notes.join("; ")})` : body;
}

export function capNames(caps: readonly number[]): string {
  return `[${caps.map((c) => protoEnumName(CapabilitiesTypeSchema, c)).join(" ")}]`;
}

/** Capabilities and KprobeCred share these three sets. */
type CapSets = Pick<Capabilities, "permitted" | "effective" | "inheritable">;

export function formatCapabilities(c: CapSets): string {
  return `permitted=${capNames(c.permitted)} effective=${capNames(c.effective)} inheritable=${capNames(c.inheritable)}`;
}

function opt(name: string, v: number | bigint | boolean | string | undefined): string[] {
  return v === undefined || v === "" ? [] : [`${name}=${String(v)}`];
}

function formatNs(ns: Namespace | undefined): string[] {
  return ns === undefined ? [] : [`ns=${ns.inum}${ns.isHost ? " (host)" : ""}`];
}

function formatUserNs(u: UserNamespace): string {
  return [...opt("level", u.level), ...opt("uid", u.uid), ...opt("gid", u.gid), ...formatNs(u.ns)]
    .join(" ")
    .trim();
}

export function formatCredentials(c: ProcessCredentials): string {
  const parts = [
    ...opt("uid", c.uid),
    ...opt("gid", c.gid),
    ...opt("euid", c.euid),
    ...opt("egid", c.egid),
    ...opt("suid", c.suid),
    ...opt("sgid", c.sgid),
    ...opt("fsuid", c.fsuid),
    ...opt("fsgid", c.fsgid),
  ];
  if (c.securebits.length > 0) {
    parts.push(
      `securebits=[${c.securebits.map((s) => protoEnumName(SecureBitsTypeSchema, s)).join(" ")}]`,
    );
  }
  if (c.caps !== undefined) parts.push(formatCapabilities(c.caps));
  if (c.userNs !== undefined) parts.push(`user_ns={${formatUserNs(c.userNs)}}`);
  return parts.join(" ");
}

function endpoints(saddr: string, sport: number, daddr: string, dport: number): string {
  return `${saddr}:${sport} -> ${daddr}:${dport}`;
}

function fileLike(path: string, permission: string, flags: string, mount = ""): string {
  return [path, ...opt("mount", mount), ...opt("permission", permission), ...opt("flags", flags)]
    .join(" ")
    .trim();
}

/** One readable line for any argument value. Never throws on partial messages. */
export function formatArg(arg: KprobeArgument, maxBytes = BYTES_SHOWN): string {
  const a = arg.arg;
  switch (a.case) {
    case undefined:
      return "(empty)";
    case "stringArg":
    case "kernelCapTArg":
    case "capInheritableArg":
    case "capPermittedArg":
    case "capEffectiveArg":
      return a.value;
    case "intArg":
    case "uintArg":
      return String(a.value);
    case "sizeArg":
    case "longArg":
      return a.value.toString();
    case "bytesArg":
      return formatBytes(a.value, maxBytes);
    case "truncatedBytesArg":
      return formatBytes(a.value.bytesArg, maxBytes, a.value.origSize);
    case "skbArg": {
      const s = a.value;
      return [
        s.family,
        s.protocol,
        endpoints(s.saddr, s.sport, s.daddr, s.dport),
        `len=${s.len}`,
        ...(s.mark !== 0 ? [`mark=${s.mark}`] : []),
      ]
        .filter((p) => p !== "")
        .join(" ");
    }
    case "sockArg": {
      const s = a.value;
      return [
        s.family,
        s.type,
        s.protocol,
        endpoints(s.saddr, s.sport, s.daddr, s.dport),
        ...opt("state", s.state),
        ...(s.cookie !== 0n ? [`cookie=${s.cookie}`] : []),
      ]
        .filter((p) => p !== "")
        .join(" ");
    }
    case "sockaddrArg": {
      const addr = a.value.addr.includes(":") ? `[${a.value.addr}]` : a.value.addr;
      return `${a.value.family} ${addr}:${a.value.port}`.trim();
    }
    case "sockaddrunArg":
      return `${a.value.family} ${a.value.path}`.trim();
    case "pathArg":
      return fileLike(a.value.path, a.value.permission, a.value.flags, a.value.mount);
    case "fileArg":
      return fileLike(a.value.path, a.value.permission, a.value.flags, a.value.mount);
    case "linuxBinprmArg":
      return fileLike(a.value.path, a.value.permission, a.value.flags);
    case "credArg":
      return formatCapabilities(a.value);
    case "processCredentialsArg":
      return formatCredentials(a.value);
    case "userNsArg":
      return formatUserNs(a.value);
    case "userNamespaceArg": {
      // Deprecated in the proto (user_ns_arg replaced it) but older agents still send it.
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- must still decode it
      const u = a.value;
      return [...opt("level", u.level), ...opt("owner", u.owner), ...opt("group", u.group)]
        .concat(formatNs(u.ns))
        .join(" ");
    }
    case "capabilityArg":
      return a.value.value === undefined ? a.value.name : `${a.value.name} (${a.value.value})`;
    case "bpfAttrArg":
    case "bpfProgArg":
      return `${a.value.ProgType} ${a.value.ProgName} insn_cnt=${a.value.InsnCnt}`.trim();
    case "perfEventArg":
      return `${a.value.Type} ${a.value.KprobeFunc} config=${a.value.Config} probe_offset=${a.value.ProbeOffset}`.trim();
    case "bpfMapArg": {
      const m = a.value;
      return `${m.MapType} ${m.MapName} key_size=${m.KeySize} value_size=${m.ValueSize} max_entries=${m.MaxEntries}`.trim();
    }
    case "moduleArg": {
      const m = a.value;
      return [
        m.name,
        ...opt("signature_ok", m.signatureOk),
        ...(m.tainted.length > 0
          ? [`tainted=[${m.tainted.map((t) => protoEnumName(TaintedBitsTypeSchema, t)).join(" ")}]`]
          : []),
      ].join(" ");
    }
    case "netDevArg":
      return a.value.name;
    case "bpfCmdArg":
      return protoEnumName(BpfCmdSchema, a.value);
    case "syscallId":
      return a.value.abi === "" ? String(a.value.id) : `${a.value.id} (${a.value.abi})`;
    case "errorArg":
      return `error: ${a.value.Message}`;
    default:
      return assertNever(a, "KprobeArgument case");
  }
}
