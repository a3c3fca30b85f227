import { describe, expect, it } from "vitest";
import { kprobeHooks, syntheticEvents } from "../testing/synthetic-events.js";
import { EVENT_KINDS } from "../model/event-kind.js";
import { KIND_META } from "../model/event-kind.js";
import { compactLine, compactOf, summaryFor } from "./summary.js";
import { cutSyscallPrefix } from "./summary-kprobe.js";

const s = syntheticEvents();
const k = kprobeHooks();
const P = "default/xwing /usr/bin/curl";

describe("compact summaries (tetra getevents -o compact)", () => {
  it.each([
    [s.exec, `🚀 process ${P} https://ebpf.io/applications/#tetragon`],
    [
      s.execHost,
      "🚀 process kind-worker /usr/lib/systemd/systemd --system --deserialize 31 🛑 CAP_SYS_ADMIN",
    ],
    [s.exitSignal, `💥 exit    ${P} https://ebpf.io/applications/#tetragon SIGKILL`],
    [s.exitStatus, `💥 exit    ${P} https://ebpf.io/applications/#tetragon 60`],
    [s.kprobeAllArgs, `❓ syscall ${P} all_args_probe`],
    [s.tracepoint, `⁉️ tracepoint ${P} syscalls sys_enter_openat`],
    [s.rawSyscall, `☎️ syscall ${P} #59`],
    [s.uprobe, `🕵️ uprobe  ${P} /bin/bash readline`],
    [s.usdt, `🕵️ usdt    ${P} /usr/lib/libc.so.6 libc setjmp`],
    [s.lsm, `🔒 LSM     ${P} file_open`],
    [s.loader, `🧬 loader  ${P} abcd01 /usr/lib/libssl.so.3`],
    [s.throttleStart, "🧬 throttle START /kubepods/burstable/pod123"],
    [s.throttleStop, "🧬 throttle STOP /kubepods/burstable/pod123"],
    [s.rateLimit, "⚠️ rate limit: 42 events dropped"],
    [s.test, "🧪 TEST EVENT"],
    [s.unknown, "❔ unknown event type (newer agent? see raw JSON)"],
    [s.kprobeNoProcess, "❓ syscall kind-worker (no process info)"],
  ])("%#: %s", (res, expected) => {
    expect(compactLine(res)).toBe(expected);
  });

  it.each([
    ["fd_install", `📬 open    ${P} /etc/passwd`],
    ["__x64_sys_write", `📝 write   ${P} /tmp/out 2 bytes`],
    ["__x64_sys_read", `📚 read    ${P} /etc/shadow 4096 bytes`],
    ["__x64_sys_close", `📪 close   ${P} /etc/passwd`],
    ["__x64_sys_mount", `💾 mount   ${P} /dev/sda1 /mnt`],
    ["__x64_sys_setuid", `🔑 setuid  ${P} 0`],
    ["__arm64_sys_openat", `📬️ openat  ${P} /etc/hosts`],
    ["__x64_sys_setns", `🔧 setns   ${P} net`],
    ["__x64_sys_clock_settime", `⏰ clock_settime ${P}`],
    ["tcp_connect", `🔌 connect ${P} tcp 10.0.0.1:1234 -> 1.1.1.1:443`],
    ["tcp_close", `🧹 close   ${P} tcp 10.0.0.1:1234 -> 1.1.1.1:443`],
    ["tcp_sendmsg", `📤 sendmsg ${P} tcp 10.0.0.1:1234 -> 1.1.1.1:443 bytes 517`],
    ["security_file_permission_read", `📚 read    ${P} /etc/passwd`],
    ["security_file_permission_write", `📝 write   ${P} /etc/passwd`],
    ["security_mmap_file", `📝 mmap-rx ${P} /usr/lib/libc.so.6`],
    ["security_path_truncate", `📝 truncate ${P} /var/log/app.log`],
    ["bpf_check", `🐝 bpf_load ${P} BPF_PROG_TYPE_KPROBE probe instruction count 42`],
    [
      "security_bpf_map_alloc",
      `🗺 bpf_map_create ${P} BPF_MAP_TYPE_HASH conns key size 4 value size 8 max entries 1024`,
    ],
    ["security_perf_event_alloc", `🐝 perf_event_alloc ${P} PERF_TYPE_TRACEPOINT do_sys_open`],
    ["sk_alloc", `❓ syscall ${P} sk_alloc`],
  ])("kprobe %s", (name, expected) => {
    expect(compactLine(k[name]!)).toBe(expected);
  });

  it("the row summary is the line without the icon", () => {
    expect(summaryFor(s.exec)).toBe(`process ${P} https://ebpf.io/applications/#tetragon`);
    const c = compactOf(k["tcp_connect"]!);
    expect(c).toMatchObject({ icon: "🔌", verb: "connect" });
    expect(c.summary.startsWith("connect ")).toBe(true);
  });

  it("cuts architecture syscall prefixes like tetra", () => {
    expect(cutSyscallPrefix("__x64_sys_write")).toBe("sys_write");
    expect(cutSyscallPrefix("__arm64_sys_write")).toBe("sys_write");
    expect(cutSyscallPrefix("__x64_something")).toBe("__x64_something");
    expect(cutSyscallPrefix("fd_install")).toBe("fd_install");
  });

  it("KIND_META names every kind with an icon and label", () => {
    for (const kind of [...EVENT_KINDS, "unknown" as const]) {
      expect(KIND_META[kind].icon).not.toBe("");
      expect(KIND_META[kind].label).not.toBe("");
    }
    expect(KIND_META.exec).toEqual({ icon: "🚀", label: "process" });
    expect(KIND_META.exit).toEqual({ icon: "💥", label: "exit" });
  });
});
