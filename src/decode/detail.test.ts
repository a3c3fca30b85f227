import { fromJsonString } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import { loadRealEvents, REAL_EVENTS_SKIP } from "../testing/real-events.js";
import { allSyntheticEvents, everyArgument, syntheticEvents } from "../testing/synthetic-events.js";
import { create } from "@bufbuild/protobuf";
import { KprobeArgumentSchema } from "../gen/tetragon/tetragon_pb.js";
import { formatArg, formatBytes } from "./args.js";
import {
  ancestry,
  describeEvent,
  describeEventData,
  describePod,
  describeProcess,
  rawJson,
  rawJsonPretty,
} from "./detail.js";

const s = syntheticEvents();
const entries = (list: readonly (readonly [string, string])[]) => Object.fromEntries(list);

describe("argument rendering", () => {
  const expected: Record<string, string> = {
    stringArg: "hello",
    intArg: "-7",
    skbArg: "AF_INET IPPROTO_UDP 10.0.0.2:53 -> 10.0.0.3:5353 len=64",
    sizeArg: "18446744073709551615",
    bytesArg: '"GET / HTTP/1.1\\r\\n"',
    pathArg: "/var/log/app.log mount=/var permission=-rw-r--r-- flags=O_TRUNC",
    fileArg: "/etc/passwd permission=-rw-r--r--",
    truncatedBytesArg: "deadbeef (truncated by the agent: 65536 bytes originally)",
    sockArg:
      "AF_INET SOCK_STREAM IPPROTO_TCP 10.0.0.1:1234 -> 1.1.1.1:443 state=TCP_SYN_SENT cookie=18446744073709551615",
    credArg: "permitted=[CAP_SYS_ADMIN] effective=[] inheritable=[]",
    longArg: "-9007199254740993",
    bpfAttrArg: "BPF_PROG_TYPE_KPROBE probe insn_cnt=42",
    perfEventArg: "PERF_TYPE_TRACEPOINT do_sys_open config=1 probe_offset=16",
    bpfMapArg: "BPF_MAP_TYPE_HASH conns key_size=4 value_size=8 max_entries=1024",
    uintArg: "4294967295",
    userNamespaceArg: "level=1 owner=1000 group=1000 ns=4026532000",
    capabilityArg: "CAP_SYS_ADMIN (21)",
    processCredentialsArg: "uid=1000 gid=1000 euid=0 egid=0",
    userNsArg: "level=0 uid=0 gid=0 ns=4026531837 (host)",
    moduleArg: "rootkit signature_ok=false tainted=[TAINT_UNSIGNED_MODULE]",
    kernelCapTArg: "CAP_NET_RAW",
    capInheritableArg: "CAP_KILL",
    capPermittedArg: "CAP_CHOWN",
    capEffectiveArg: "CAP_SETUID",
    linuxBinprmArg: "/usr/bin/sudo permission=-rwsr-xr-x",
    netDevArg: "eth0",
    bpfCmdArg: "BPF_PROG_LOAD",
    syscallId: "59 (x64)",
    sockaddrArg: "AF_INET6 [::1]:8080",
    bpfProgArg: "BPF_PROG_TYPE_XDP xdp_drop insn_cnt=7",
    errorArg: "error: failed to read argument",
    sockaddrunArg: "AF_UNIX /run/containerd.sock",
  };
  it.each(Object.entries(everyArgument()))("%s", (name, init) => {
    expect(formatArg(create(KprobeArgumentSchema, init))).toBe(expected[name]);
  });
  it("an empty argument has a readable fallback", () => {
    expect(formatArg(create(KprobeArgumentSchema))).toBe("(empty)");
  });
  it("bytes: hex when binary, capped with a note", () => {
    expect(formatBytes(new Uint8Array([0, 1, 2, 255]))).toBe("000102ff");
    const big = new Uint8Array(1000).fill(0x41);
    expect(formatBytes(big, 4)).toBe('"AAAA" (1000 bytes, first 4 shown)');
    expect(formatBytes(new Uint8Array())).toBe('""');
  });
});

describe("detail sections", () => {
  it("describes the process with its identity, caps, namespaces and credentials", () => {
    const d = entries(
      describeProcess(s.exec.event.case === "processExec" ? s.exec.event.value.process : undefined),
    );
    expect(d).toMatchObject({
      binary: "/usr/bin/curl",
      pid: "4242",
      tid: "4242",
      uid: "0",
      auid: "4294967295",
      cwd: "/",
      flags: "execve rootcwd clone",
      exec_id: "a2luZC13b3JrZXI6MTIzNDU2Nzg5OjQyNDI=",
      docker: "6a7b9c0d1e2f3a4b5c6d7e8",
      "in init tree": "false",
      capabilities: "permitted=[CAP_CHOWN CAP_NET_RAW] effective=[CAP_CHOWN] inheritable=[]",
      namespaces: "uts=4026531838 net=4026532290 user=4026531837 (host)",
    });
    expect(d["start time"]).toBe("2024-05-01T11:59:59.995Z");
    expect(d["credentials"]).toContain("securebits=[");
  });

  it("describes pod and container; labels are left to the pane's chips (shown once)", () => {
    const pod = s.exec.event.case === "processExec" ? s.exec.event.value.process?.pod : undefined;
    const d = entries(describePod(pod));
    expect(d).toMatchObject({
      namespace: "default",
      pod: "xwing",
      workload: "xwing",
      container: "spaceship",
      image: "docker.io/tgraf/netperf:latest",
    });
    expect(Object.keys(d).filter((k) => k.startsWith("label "))).toEqual([]);
  });

  it("describes hook data: every argument, return value, action, stack", () => {
    const d = describeEventData(s.kprobeAllArgs);
    const m = entries(d);
    expect(m).toMatchObject({
      function: "all_args_probe",
      policy: "observe-all",
      action: "SIGKILL",
    });
    expect(m["return (int_arg)"]).toBe("-13");
    expect(m["return action"]).toBe("POST");
    expect(d.filter(([l]) => l.startsWith("arg "))).toHaveLength(
      Object.keys(everyArgument()).length,
    );
    expect(m["arg 0 str (string_arg)"]).toBe("hello");
    expect(m["kernel stack 0"]).toBe("0xffffffff81000000: do_sys_openat2+0x10");
  });

  it("exit status and signal; throttle; rate limit", () => {
    expect(entries(describeEventData(s.exitSignal))).toMatchObject({ signal: "SIGKILL" });
    expect(entries(describeEventData(s.exitStatus))).toMatchObject({ "exit status": "60" });
    expect(entries(describeEventData(s.throttleStart))).toMatchObject({
      throttle: "THROTTLE_START",
    });
    expect(entries(describeEventData(s.rateLimit))).toMatchObject({
      "dropped process events": "42",
    });
  });

  it("ancestry lists the parent first", () => {
    expect(ancestry(s.exec)).toEqual(['/bin/bash -c "curl https://ebpf.io" (pid 4200)']);
  });

  it("never throws for any synthetic event", () => {
    for (const e of allSyntheticEvents()) {
      expect(() => describeEvent(e)).not.toThrow();
      expect(() => rawJson(e)).not.toThrow();
    }
    expect(describeEvent(s.empty).every((sec) => sec.entries.length > 0)).toBe(true);
  });

  it("rawJson uses snake_case names on one line; pretty is indented", () => {
    const line = rawJson(s.exec);
    expect(line).not.toContain("\n");
    expect(line).toContain('"process_exec"');
    expect(line).toContain('"node_name":"kind-worker"');
    expect(rawJsonPretty(s.exec)).toContain('\n  "process_exec": {');
    // Round trip: our own JSON parses back to the same message.
    expect(rawJson(fromJsonString(GetEventsResponseSchema, line))).toBe(line);
  });
});

const real = loadRealEvents();

describe.skipIf(real === undefined)(
  `rawJson of real events ${real ? "" : REAL_EVENTS_SKIP}`,
  () => {
    it.each((real ?? []).map((e, i) => [i, e] as const))(
      "event %i prints the same JSON as the agent",
      (_i, { line, res }) => {
        expect(JSON.parse(rawJson(res))).toEqual(JSON.parse(line));
      },
    );
  },
);
