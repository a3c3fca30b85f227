/**
 * tetra's compact line for kprobe events, per hooked function, as pkg/encoder/encoder.go
 * prints it (icon, label, and the argument it picks). Functions it does not know print as
 * "❓ syscall <function>". Syscall prefixes (__x64_, __arm64_...) are cut first, like tetra's
 * arch.CutSyscallPrefix, so "__x64_sys_write" and "__arm64_sys_write" read the same.
 */
import type { KprobeArgument, KprobeSock } from "../gen/tetragon/tetragon_pb.js";

export interface CompactHead {
  readonly icon: string;
  readonly verb: string;
  /** What follows "<ns/pod> <binary>"; "" when nothing. */
  readonly rest: string;
}

export function cutSyscallPrefix(fn: string): string {
  return fn.replace(/^__(?:x64|ia32|arm64|s390x|riscv|loongarch64|powerpc)_(?=sys_)/, "");
}

function at(args: readonly KprobeArgument[], i: number): KprobeArgument["arg"] | undefined {
  return args[i]?.arg;
}
function filePath(args: readonly KprobeArgument[], i: number): string {
  const a = at(args, i);
  return a?.case === "fileArg" ? a.value.path : "";
}
function pathPath(args: readonly KprobeArgument[], i: number): string {
  const a = at(args, i);
  return a?.case === "pathArg" ? a.value.path : "";
}
function str(args: readonly KprobeArgument[], i: number): string {
  const a = at(args, i);
  return a?.case === "stringArg" ? a.value : "";
}
/** Go's GetIntArg: the value when it is an int_arg, else 0. */
function int(args: readonly KprobeArgument[], i: number): number {
  const a = at(args, i);
  return a?.case === "intArg" ? a.value : 0;
}
function uint(args: readonly KprobeArgument[], i: number): number {
  const a = at(args, i);
  return a?.case === "uintArg" ? a.value : 0;
}
function size(args: readonly KprobeArgument[], i: number): string {
  const a = at(args, i);
  return a?.case === "sizeArg" ? a.value.toString() : "0";
}
function sock(args: readonly KprobeArgument[], i: number): string {
  const a = at(args, i);
  if (a?.case !== "sockArg") return "";
  const s: KprobeSock = a.value;
  return `tcp ${s.saddr}:${s.sport} -> ${s.daddr}:${s.dport}`;
}

// CLONE_NEW* flags, as tetra names them for setns.
const NS_BY_FLAG: ReadonlyMap<number, string> = new Map([
  [0, "any"],
  [0x2000000, "cgroup"],
  [0x8000000, "ipc"],
  [0x40000000, "net"],
  [0x20000, "mnt"],
  [0x20000000, "pid"],
  [0x80, "time"],
  [0x10000000, "user"],
  [0x4000000, "uts"],
]);

function join(...parts: string[]): string {
  return parts.filter((p) => p !== "").join(" ");
}

/** tetra's compact head for a kprobe on `functionName` with `args`. */
export function kprobeCompact(functionName: string, args: readonly KprobeArgument[]): CompactHead {
  const n = args.length;
  switch (cutSyscallPrefix(functionName)) {
    case "sys_write":
      return {
        icon: "📝",
        verb: "write",
        rest: join(filePath(args, 0), n > 2 ? `${size(args, 2)} bytes` : ""),
      };
    case "sys_read":
      return {
        icon: "📚",
        verb: "read",
        rest: join(filePath(args, 0), n > 2 ? `${size(args, 2)} bytes` : ""),
      };
    case "fd_install":
      return { icon: "📬", verb: "open", rest: filePath(args, 1) };
    case "sys_openat":
      return { icon: "📬️", verb: "openat", rest: str(args, 1) };
    case "sys_open":
      return { icon: "📬️", verb: "open", rest: str(args, 1) };
    case "sys_close":
      return { icon: "📪", verb: "close", rest: filePath(args, 0) };
    case "sys_mount":
      return { icon: "💾", verb: "mount", rest: join(str(args, 0), str(args, 1)) };
    case "sys_setuid":
      return { icon: "🔑", verb: "setuid", rest: n > 0 ? String(int(args, 0)) : "" };
    case "sys_clock_settime":
      return { icon: "⏰", verb: "clock_settime", rest: "" };
    case "sys_pivot_root":
      return { icon: "💾", verb: "pivot_root", rest: join(str(args, 0), str(args, 1)) };
    case "proc_exec_connector":
      return { icon: "🔧", verb: "proc_exec_connector", rest: "" };
    case "sys_setns":
      return { icon: "🔧", verb: "setns", rest: n > 1 ? (NS_BY_FLAG.get(int(args, 1)) ?? "") : "" };
    case "tcp_connect":
      return { icon: "🔌", verb: "connect", rest: sock(args, 0) };
    case "tcp_close":
      return { icon: "🧹", verb: "close", rest: sock(args, 0) };
    case "tcp_sendmsg":
      return {
        icon: "📤",
        verb: "sendmsg",
        rest: `${join(sock(args, 0), "bytes")} ${int(args, 1)}`,
      };
    case "bpf_check": {
      const a = at(args, 0);
      const rest =
        a?.case === "bpfAttrArg"
          ? `${a.value.ProgType} ${a.value.ProgName} instruction count ${a.value.InsnCnt}`
          : "";
      return { icon: "🐝", verb: "bpf_load", rest };
    }
    case "security_perf_event_alloc": {
      const a = at(args, 0);
      const rest = a?.case === "perfEventArg" ? `${a.value.Type} ${a.value.KprobeFunc}` : "";
      return { icon: "🐝", verb: "perf_event_alloc", rest };
    }
    case "security_bpf_map_alloc": {
      const a = at(args, 0);
      const m = a?.case === "bpfMapArg" ? a.value : undefined;
      const rest =
        m === undefined
          ? ""
          : `${m.MapType} ${m.MapName} key size ${m.KeySize} value size ${m.ValueSize} max entries ${m.MaxEntries}`;
      return { icon: "🗺", verb: "bpf_map_create", rest };
    }
    case "security_file_permission": {
      if (n < 2) return { icon: "❓", verb: "security_file_permission", rest: "" };
      // MAY_WRITE = 0x02, MAY_READ = 0x04 (include/linux/fs.h).
      const mask = int(args, 1);
      const path = filePath(args, 0);
      if (mask === 0x02) return { icon: "📝", verb: "write", rest: path };
      if (mask === 0x04) return { icon: "📚", verb: "read", rest: path };
      return { icon: "❓", verb: "security_file_permission", rest: path };
    }
    case "security_mmap_file": {
      if (n < 2) return { icon: "❓", verb: "security_mmap_file", rest: "" };
      const prot = uint(args, 1);
      const tag = `mmap-${prot & 1 ? "r" : ""}${prot & 2 ? "w" : ""}${prot & 4 ? "x" : ""}`;
      return { icon: "📝", verb: tag, rest: filePath(args, 0) };
    }
    case "security_path_truncate":
      return n > 0
        ? { icon: "📝", verb: "truncate", rest: pathPath(args, 0) }
        : { icon: "❓", verb: "security_path_truncate", rest: "" };
    default:
      return { icon: "❓", verb: "syscall", rest: functionName };
  }
}
