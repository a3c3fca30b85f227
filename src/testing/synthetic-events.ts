/**
 * Our own events of every kind, built with `create()` (no copied data): one per event type,
 * the kprobe hooks tetra's compact encoder knows, a kprobe carrying one argument of every
 * KprobeArgument case, partial messages, and a hostile event (markup, ANSI, bidi, control
 * characters, a 1 MiB argument, 500 labels). Deterministic: same output on every call.
 */
/* eslint-disable @typescript-eslint/no-deprecated -- KprobeArgument's oneof has a deprecated
   member (user_namespace_arg); TypeScript cannot narrow `{ case, value }` object literals, so
   every argument literal trips the rule. We still must build that member to test decoding. */
import type { MessageInitShape } from "@bufbuild/protobuf";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { BpfCmd } from "../gen/tetragon/bpf_pb.js";
import { CapabilitiesType, SecureBitsType } from "../gen/tetragon/capabilities_pb.js";
import type { GetEventsResponse } from "../gen/tetragon/events_pb.js";
import { GetEventsResponseSchema, ThrottleType } from "../gen/tetragon/events_pb.js";
import type {
  KprobeArgument,
  KprobeArgumentSchema,
  ProcessSchema,
} from "../gen/tetragon/tetragon_pb.js";
import { KprobeAction, TaintedBitsType } from "../gen/tetragon/tetragon_pb.js";

type ProcessInit = MessageInitShape<typeof ProcessSchema>;
type ArgInit = MessageInitShape<typeof KprobeArgumentSchema>;
type ResponseInit = MessageInitShape<typeof GetEventsResponseSchema>;

export const T0_MS = Date.UTC(2024, 4, 1, 12, 0, 0, 0);
export const NODE = "kind-worker";

export const XWING: ProcessInit = {
  execId: "a2luZC13b3JrZXI6MTIzNDU2Nzg5OjQyNDI=",
  pid: 4242,
  tid: 4242,
  uid: 0,
  auid: 4294967295,
  cwd: "/",
  binary: "/usr/bin/curl",
  arguments: "https://ebpf.io/applications/#tetragon",
  flags: "execve rootcwd clone",
  startTime: timestampFromMs(T0_MS - 5),
  docker: "6a7b9c0d1e2f3a4b5c6d7e8",
  parentExecId: "a2luZC13b3JrZXI6MTIzNDU2MDAwOjQyMDA=",
  inInitTree: false,
  cap: {
    permitted: [CapabilitiesType.CAP_CHOWN, CapabilitiesType.CAP_NET_RAW],
    effective: [CapabilitiesType.CAP_CHOWN],
  },
  ns: {
    uts: { inum: 4026531838 },
    net: { inum: 4026532290 },
    user: { inum: 4026531837, isHost: true },
  },
  processCredentials: {
    uid: 0,
    gid: 0,
    euid: 0,
    egid: 0,
    securebits: [SecureBitsType.SecBitNoRoot],
  },
  pod: {
    namespace: "default",
    name: "xwing",
    uid: "5c9d5f0e-1b2a-4c3d-8e9f-000000000001",
    workload: "xwing",
    workloadKind: "Pod",
    podLabels: { app: "xwing", class: "xwing", org: "alliance" },
    container: {
      id: "containerd://6a7b9c0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d",
      name: "spaceship",
      image: { id: "docker.io/tgraf/netperf@sha256:8e86", name: "docker.io/tgraf/netperf:latest" },
      startTime: timestampFromMs(T0_MS - 60_000),
      pid: 7,
    },
  },
};

export const BASH_PARENT: ProcessInit = {
  execId: "a2luZC13b3JrZXI6MTIzNDU2MDAwOjQyMDA=",
  pid: 4200,
  uid: 0,
  cwd: "/",
  binary: "/bin/bash",
  arguments: '-c "curl https://ebpf.io"',
  flags: "execve rootcwd",
  pod: XWING.pod,
};

export const HOST_PROCESS: ProcessInit = {
  execId: "a2luZC13b3JrZXI6OTk5OjE=",
  pid: 1,
  uid: 0,
  binary: "/usr/lib/systemd/systemd",
  arguments: "--system --deserialize 31",
  cap: { effective: [CapabilitiesType.CAP_SYS_ADMIN] },
};

function response(init: ResponseInit, offsetMs = 0): GetEventsResponse {
  return create(GetEventsResponseSchema, {
    nodeName: NODE,
    time: timestampFromMs(T0_MS + offsetMs),
    ...init,
  });
}

export function arg(a: NonNullable<ArgInit["arg"]>, label = ""): ArgInit {
  return { arg: a, label };
}

function kprobe(functionName: string, args: ArgInit[], extra: object = {}): GetEventsResponse {
  return response({
    event: {
      case: "processKprobe",
      value: {
        process: XWING,
        parent: BASH_PARENT,
        functionName,
        args,
        policyName: "observe-all",
        action: KprobeAction.POST,
        ...extra,
      },
    },
  });
}

const SOCK = {
  family: "AF_INET",
  type: "SOCK_STREAM",
  protocol: "IPPROTO_TCP",
  saddr: "10.0.0.1",
  daddr: "1.1.1.1",
  sport: 1234,
  dport: 443,
  state: "TCP_SYN_SENT",
  cookie: 18446744073709551615n,
};

/** One argument of every KprobeArgument case, keyed by the case name. */
export function everyArgument(): Record<NonNullable<KprobeArgument["arg"]["case"]>, ArgInit> {
  return {
    stringArg: arg({ case: "stringArg", value: "hello" }, "str"),
    intArg: arg({ case: "intArg", value: -7 }),
    skbArg: arg({
      case: "skbArg",
      value: {
        family: "AF_INET",
        protocol: "IPPROTO_UDP",
        saddr: "10.0.0.2",
        daddr: "10.0.0.3",
        sport: 53,
        dport: 5353,
        len: 64,
      },
    }),
    sizeArg: arg({ case: "sizeArg", value: 18446744073709551615n }),
    bytesArg: arg({ case: "bytesArg", value: new TextEncoder().encode("GET / HTTP/1.1\r\n") }),
    pathArg: arg({
      case: "pathArg",
      value: {
        path: "/var/log/app.log",
        mount: "/var",
        flags: "O_TRUNC",
        permission: "-rw-r--r--",
      },
    }),
    fileArg: arg({ case: "fileArg", value: { path: "/etc/passwd", permission: "-rw-r--r--" } }),
    truncatedBytesArg: arg({
      case: "truncatedBytesArg",
      value: { bytesArg: new Uint8Array([0xde, 0xad, 0xbe, 0xef]), origSize: 65536n },
    }),
    sockArg: arg({ case: "sockArg", value: SOCK }),
    credArg: arg({
      case: "credArg",
      value: { permitted: [CapabilitiesType.CAP_SYS_ADMIN], effective: [], inheritable: [] },
    }),
    longArg: arg({ case: "longArg", value: -9007199254740993n }),
    bpfAttrArg: arg({
      case: "bpfAttrArg",
      value: { ProgType: "BPF_PROG_TYPE_KPROBE", InsnCnt: 42, ProgName: "probe" },
    }),
    perfEventArg: arg({
      case: "perfEventArg",
      value: {
        KprobeFunc: "do_sys_open",
        Type: "PERF_TYPE_TRACEPOINT",
        Config: 1n,
        ProbeOffset: 16n,
      },
    }),
    bpfMapArg: arg({
      case: "bpfMapArg",
      value: {
        MapType: "BPF_MAP_TYPE_HASH",
        KeySize: 4,
        ValueSize: 8,
        MaxEntries: 1024,
        MapName: "conns",
      },
    }),
    uintArg: arg({ case: "uintArg", value: 4294967295 }),
    userNamespaceArg: arg({
      case: "userNamespaceArg",
      value: { level: 1, owner: 1000, group: 1000, ns: { inum: 4026532000 } },
    }),
    capabilityArg: arg({ case: "capabilityArg", value: { value: 21, name: "CAP_SYS_ADMIN" } }),
    processCredentialsArg: arg({
      case: "processCredentialsArg",
      value: { uid: 1000, gid: 1000, euid: 0, egid: 0 },
    }),
    userNsArg: arg({
      case: "userNsArg",
      value: { level: 0, uid: 0, gid: 0, ns: { inum: 4026531837, isHost: true } },
    }),
    moduleArg: arg({
      case: "moduleArg",
      value: {
        name: "rootkit",
        signatureOk: false,
        tainted: [TaintedBitsType.TAINT_UNSIGNED_MODULE],
      },
    }),
    kernelCapTArg: arg({ case: "kernelCapTArg", value: "CAP_NET_RAW" }),
    capInheritableArg: arg({ case: "capInheritableArg", value: "CAP_KILL" }),
    capPermittedArg: arg({ case: "capPermittedArg", value: "CAP_CHOWN" }),
    capEffectiveArg: arg({ case: "capEffectiveArg", value: "CAP_SETUID" }),
    linuxBinprmArg: arg({
      case: "linuxBinprmArg",
      value: { path: "/usr/bin/sudo", permission: "-rwsr-xr-x" },
    }),
    netDevArg: arg({ case: "netDevArg", value: { name: "eth0" } }),
    bpfCmdArg: arg({ case: "bpfCmdArg", value: BpfCmd.BPF_PROG_LOAD }),
    syscallId: arg({ case: "syscallId", value: { id: 59, abi: "x64" } }),
    sockaddrArg: arg({
      case: "sockaddrArg",
      value: { family: "AF_INET6", addr: "::1", port: 8080 },
    }),
    bpfProgArg: arg({
      case: "bpfProgArg",
      value: { ProgType: "BPF_PROG_TYPE_XDP", InsnCnt: 7, ProgName: "xdp_drop" },
    }),
    errorArg: arg({ case: "errorArg", value: { Message: "failed to read argument" } }),
    sockaddrunArg: arg({
      case: "sockaddrunArg",
      value: { family: "AF_UNIX", path: "/run/containerd.sock" },
    }),
  };
}

const fileArg = (path: string): ArgInit => arg({ case: "fileArg", value: { path } });
const intArg = (value: number): ArgInit => arg({ case: "intArg", value });
const sizeArg = (value: bigint): ArgInit => arg({ case: "sizeArg", value });
const strArg = (value: string): ArgInit => arg({ case: "stringArg", value });
const sockArg = (): ArgInit => arg({ case: "sockArg", value: SOCK });

/** A kprobe per hook tetra's compact encoder names, keyed by function. */
export function kprobeHooks(): Record<string, GetEventsResponse> {
  return {
    fd_install: kprobe("fd_install", [intArg(3), fileArg("/etc/passwd")]),
    __x64_sys_write: kprobe("__x64_sys_write", [
      fileArg("/tmp/out"),
      arg({ case: "bytesArg", value: new Uint8Array([104, 105]) }),
      sizeArg(2n),
    ]),
    __x64_sys_read: kprobe("__x64_sys_read", [
      fileArg("/etc/shadow"),
      arg({ case: "bytesArg", value: new Uint8Array() }),
      sizeArg(4096n),
    ]),
    __x64_sys_close: kprobe("__x64_sys_close", [fileArg("/etc/passwd")]),
    __x64_sys_mount: kprobe("__x64_sys_mount", [strArg("/dev/sda1"), strArg("/mnt")]),
    __x64_sys_setuid: kprobe("__x64_sys_setuid", [intArg(0)]),
    __arm64_sys_openat: kprobe("__arm64_sys_openat", [intArg(-100), strArg("/etc/hosts")]),
    __x64_sys_setns: kprobe("__x64_sys_setns", [intArg(5), intArg(0x40000000)]),
    __x64_sys_clock_settime: kprobe("__x64_sys_clock_settime", []),
    tcp_connect: kprobe("tcp_connect", [sockArg()]),
    tcp_close: kprobe("tcp_close", [sockArg()]),
    tcp_sendmsg: kprobe("tcp_sendmsg", [sockArg(), intArg(517)]),
    security_file_permission_read: kprobe("security_file_permission", [
      fileArg("/etc/passwd"),
      intArg(4),
    ]),
    security_file_permission_write: kprobe("security_file_permission", [
      fileArg("/etc/passwd"),
      intArg(2),
    ]),
    security_mmap_file: kprobe("security_mmap_file", [
      fileArg("/usr/lib/libc.so.6"),
      arg({ case: "uintArg", value: 5 }),
    ]),
    security_path_truncate: kprobe("security_path_truncate", [
      arg({ case: "pathArg", value: { path: "/var/log/app.log" } }),
    ]),
    bpf_check: kprobe("bpf_check", [
      arg({
        case: "bpfAttrArg",
        value: { ProgType: "BPF_PROG_TYPE_KPROBE", InsnCnt: 42, ProgName: "probe" },
      }),
    ]),
    security_bpf_map_alloc: kprobe("security_bpf_map_alloc", [
      arg({
        case: "bpfMapArg",
        value: {
          MapType: "BPF_MAP_TYPE_HASH",
          KeySize: 4,
          ValueSize: 8,
          MaxEntries: 1024,
          MapName: "conns",
        },
      }),
    ]),
    security_perf_event_alloc: kprobe("security_perf_event_alloc", [
      arg({
        case: "perfEventArg",
        value: { KprobeFunc: "do_sys_open", Type: "PERF_TYPE_TRACEPOINT" },
      }),
    ]),
    sk_alloc: kprobe("sk_alloc", [intArg(2)]),
  };
}

/** Named synthetic events, one or more per event type. */
export function syntheticEvents() {
  const longArgument = "A".repeat(1024 * 1024);
  const labels: Record<string, string> = {};
  for (let i = 0; i < 500; i++) labels[`label-${i}`] = `value-${i}`;
  return {
    exec: response({
      event: { case: "processExec", value: { process: XWING, parent: BASH_PARENT } },
    }),
    execHost: response({ event: { case: "processExec", value: { process: HOST_PROCESS } } }),
    exitSignal: response(
      {
        event: {
          case: "processExit",
          value: {
            process: XWING,
            parent: BASH_PARENT,
            signal: "SIGKILL",
            time: timestampFromMs(T0_MS + 9),
          },
        },
      },
      10,
    ),
    exitStatus: response(
      {
        event: { case: "processExit", value: { process: XWING, parent: BASH_PARENT, status: 60 } },
      },
      11,
    ),
    kprobeAllArgs: kprobe("all_args_probe", Object.values(everyArgument()), {
      return: arg({ case: "intArg", value: -13 }),
      action: KprobeAction.SIGKILL,
      returnAction: KprobeAction.POST,
      message: "all argument types",
      tags: ["test", "observability.filesystem"],
      kernelStackTrace: [{ address: 0xffffffff81000000n, offset: 0x10n, symbol: "do_sys_openat2" }],
    }),
    tracepoint: response({
      event: {
        case: "processTracepoint",
        value: {
          process: XWING,
          subsys: "syscalls",
          event: "sys_enter_openat",
          policyName: "tp-policy",
          args: [intArg(-100), strArg("/etc/hosts")],
        },
      },
    }),
    rawSyscall: response({
      event: {
        case: "processTracepoint",
        value: {
          process: XWING,
          subsys: "raw_syscalls",
          event: "sys_enter",
          args: [arg({ case: "longArg", value: 59n })],
        },
      },
    }),
    uprobe: response({
      event: {
        case: "processUprobe",
        value: {
          process: XWING,
          path: "/bin/bash",
          symbol: "readline",
          policyName: "bash-readline",
          offset: 0x1234n,
        },
      },
    }),
    usdt: response({
      event: {
        case: "processUsdt",
        value: {
          process: XWING,
          path: "/usr/lib/libc.so.6",
          provider: "libc",
          name: "setjmp",
          policyName: "usdt-policy",
        },
      },
    }),
    lsm: response({
      event: {
        case: "processLsm",
        value: {
          process: XWING,
          functionName: "file_open",
          policyName: "lsm-file-open",
          action: KprobeAction.POST,
          args: [fileArg("/etc/shadow")],
          imaHash: "sha256:0123abcd",
        },
      },
    }),
    loader: response({
      event: {
        case: "processLoader",
        value: {
          process: XWING,
          path: "/usr/lib/libssl.so.3",
          buildid: new Uint8Array([0xab, 0xcd, 0x01]),
        },
      },
    }),
    throttleStart: response({
      event: {
        case: "processThrottle",
        value: { type: ThrottleType.THROTTLE_START, cgroup: "/kubepods/burstable/pod123" },
      },
    }),
    throttleStop: response({
      event: {
        case: "processThrottle",
        value: { type: ThrottleType.THROTTLE_STOP, cgroup: "/kubepods/burstable/pod123" },
      },
    }),
    rateLimit: response({
      event: { case: "rateLimitInfo", value: { numberOfDroppedProcessEvents: 42n } },
    }),
    test: response({ event: { case: "test", value: { arg0: 1n, arg1: 2n, arg2: 3n, arg3: 4n } } }),
    unknown: response({}),
    /** Every field left out, process included: what a shortened event can look like. */
    kprobeNoProcess: response({ event: { case: "processKprobe", value: {} } }),
    empty: create(GetEventsResponseSchema),
    hostile: response({
      event: {
        case: "processExec",
        value: {
          process: {
            execId: "aG9zdGlsZQ==",
            pid: 666,
            binary: "/tmp/\u202Eexe.sh",
            arguments: `<script>alert(1)</script> \u001b[31mred\u001b[0m \u0000nul \u200bzw \u2066iso\u2069 ${longArgument}`,
            cwd: "/tmp/\u0007bell\n",
            pod: {
              namespace: "ns\u202Eevil",
              name: "<img src=x onerror=alert(1)>",
              podLabels: labels,
              container: {
                name: "c\u001b]8;;http://evil\u0007link",
                image: { name: "evil:latest" },
              },
            },
          },
        },
      },
    }),
  };
}

export type SyntheticEvents = ReturnType<typeof syntheticEvents>;

/** Every synthetic event (named ones and the kprobe hooks), for "never crashes" sweeps. */
export function allSyntheticEvents(): GetEventsResponse[] {
  return [...Object.values(syntheticEvents()), ...Object.values(kprobeHooks())];
}
