import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { CapabilitiesType, ProcessPrivilegesChanged } from "../gen/tetragon/capabilities_pb.js";
import { GetEventsResponseSchema } from "../gen/tetragon/events_pb.js";
import { NamespacesSchema, type Process, ProcessSchema } from "../gen/tetragon/tetragon_pb.js";
import { loadRealEvents, REAL_EVENTS_SKIP } from "../testing/real-events.js";
import { HOST_PROCESS, syntheticEvents, XWING } from "../testing/synthetic-events.js";
import { eventPrivilegeBadges, privilegeBadges } from "./privileges.js";

/** The init form only (not a built Process), so two of them spread into one. */
type ProcessInit = Exclude<MessageInitShape<typeof ProcessSchema>, Process>;

/** A container process with nothing privileged about it, to add one fact at a time. */
const PLAIN: ProcessInit = {
  execId: "cGxhaW4=",
  binary: "/app/server",
  docker: "0123456789abcdef",
  pod: { namespace: "shop", name: "cart-5d4f", container: { id: "containerd://0123" } },
};

function badgesOf(extra: ProcessInit) {
  return privilegeBadges(create(ProcessSchema, { ...PLAIN, ...extra }));
}
const texts = (extra: ProcessInit) => badgesOf(extra).map((b) => b.text);

describe("privilegeBadges", () => {
  it("gives none for a plain container process, or for no process at all", () => {
    expect(badgesOf({})).toEqual([]);
    expect(privilegeBadges(undefined)).toEqual([]);
  });

  it("flags an effective CAP_SYS_ADMIN as high, and only when effective", () => {
    const [badge, ...rest] = badgesOf({ cap: { effective: [CapabilitiesType.CAP_SYS_ADMIN] } });
    expect(rest).toEqual([]);
    expect(badge).toMatchObject({ kind: "capability", severity: "high", text: "CAP_SYS_ADMIN" });
    expect(badge?.description).toMatch(/^Effective CAP_SYS_ADMIN: near-root/);
    expect(texts({ cap: { permitted: [CapabilitiesType.CAP_SYS_ADMIN] } })).toEqual([]);
  });

  it("names each dangerous capability, most dangerous first, and ignores the runtime defaults", () => {
    const cap = {
      effective: [
        CapabilitiesType.CAP_NET_ADMIN,
        CapabilitiesType.CAP_CHOWN,
        CapabilitiesType.CAP_BPF,
        CapabilitiesType.DAC_OVERRIDE,
        CapabilitiesType.CAP_SYS_PTRACE,
        CapabilitiesType.CAP_NET_RAW,
        CapabilitiesType.CAP_SYS_MODULE,
        CapabilitiesType.CAP_DAC_READ_SEARCH,
      ],
    };
    expect(texts({ cap })).toEqual([
      "CAP_SYS_MODULE",
      "CAP_SYS_PTRACE",
      "CAP_BPF",
      "CAP_DAC_READ_SEARCH",
      "CAP_NET_ADMIN",
    ]);
    expect(badgesOf({ cap }).find((b) => b.text === "CAP_NET_ADMIN")?.severity).toBe("medium");
  });

  it("reads process_credentials.caps too (enable-process-cred) without doubling a capability", () => {
    expect(
      texts({
        cap: { effective: [CapabilitiesType.CAP_SYS_ADMIN] },
        processCredentials: { caps: { effective: [CapabilitiesType.CAP_SYS_ADMIN] } },
      }),
    ).toEqual(["CAP_SYS_ADMIN"]);
    expect(
      texts({ processCredentials: { caps: { effective: [CapabilitiesType.CAP_SYS_PTRACE] } } }),
    ).toEqual(["CAP_SYS_PTRACE"]);
  });

  it("flags a container in the node's pid and net namespaces, in one badge", () => {
    const [badge, ...rest] = badgesOf({
      ns: {
        pid: { inum: 4026531836, isHost: true },
        net: { inum: 4026531840, isHost: true },
        mnt: { inum: 4026532500 },
        user: { inum: 4026531837, isHost: true },
      },
    });
    expect(rest).toEqual([]);
    expect(badge).toMatchObject({ kind: "host-namespaces", text: "host pid, net" });
    expect(badge?.description).toContain("sees and signals every process on the node");
    expect(badge?.description).not.toContain("user");
  });

  it("does not flag namespaces most containers share, nor a host process's own namespaces", () => {
    const sharedByMost = {
      user: { inum: 4026531837, isHost: true },
      cgroup: { inum: 4026531835, isHost: true },
      time: { inum: 4026531834, isHost: true },
    };
    expect(texts({ ns: sharedByMost })).toEqual([]);
    const host = create(ProcessSchema, HOST_PROCESS);
    host.cap = undefined;
    host.ns = create(NamespacesSchema, {
      pid: { inum: 1, isHost: true },
      net: { inum: 2, isHost: true },
    });
    expect(privilegeBadges(host)).toEqual([]);
  });

  it("flags setuid root as high and another owner as medium, setgid too", () => {
    expect(badgesOf({ binaryProperties: { setuid: 0 } })).toMatchObject([
      { kind: "setuid", text: "setuid root", severity: "high" },
    ]);
    expect(badgesOf({ binaryProperties: { setuid: 1000, setgid: 42 } })).toMatchObject([
      { text: "setuid 1000", severity: "medium" },
      { text: "setgid 42", kind: "setgid" },
    ]);
  });

  it("says how privileges were raised at exec", () => {
    const [badge] = badgesOf({
      binaryProperties: {
        privilegesChanged: [
          ProcessPrivilegesChanged.PRIVILEGES_RAISED_EXEC_FILE_CAP,
          ProcessPrivilegesChanged.PRIVILEGES_RAISED_EXEC_FILE_SETUID,
        ],
      },
    });
    expect(badge).toMatchObject({ kind: "privileges-raised", text: "privileges raised" });
    expect(badge?.description).toBe(
      "Privileges raised at exec by file capabilities and a setuid binary",
    );
    expect(
      texts({
        binaryProperties: {
          privilegesChanged: [ProcessPrivilegesChanged.PRIVILEGES_CHANGED_UNSET],
        },
      }),
    ).toEqual([]);
  });

  it("flags an effective uid that differs from the real one", () => {
    expect(badgesOf({ processCredentials: { uid: 1000, euid: 0 } })).toMatchObject([
      { kind: "uid-changed", text: "euid 0 (uid 1000)", severity: "high" },
    ]);
    expect(texts({ processCredentials: { uid: 1000, euid: 1000 } })).toEqual([]);
    expect(texts({ processCredentials: { uid: 0, euid: 0 } })).toEqual([]);
  });

  it("flags a container process outside its init tree, only when the agent says so", () => {
    const [badge] = badgesOf({ inInitTree: false });
    expect(badge).toMatchObject({ kind: "outside-init-tree", text: "outside init tree" });
    expect(badge?.description).toContain("kubectl exec");
    expect(texts({ inInitTree: true })).toEqual([]);
    expect(texts({})).toEqual([]);
    const host = create(ProcessSchema, HOST_PROCESS);
    host.cap = undefined;
    host.inInitTree = false;
    expect(privilegeBadges(host)).toEqual([]);
  });

  it("gives every badge of one process a distinct id", () => {
    const badges = badgesOf({
      cap: { effective: [CapabilitiesType.CAP_SYS_ADMIN, CapabilitiesType.CAP_BPF] },
      ns: { net: { isHost: true } },
      binaryProperties: {
        setuid: 0,
        setgid: 0,
        privilegesChanged: [ProcessPrivilegesChanged.PRIVILEGES_RAISED_EXEC_FILE_SETUID],
      },
      processCredentials: { uid: 5, euid: 0 },
      inInitTree: false,
    });
    expect(badges).toHaveLength(8);
    expect(new Set(badges.map((b) => b.id)).size).toBe(8);
  });
});

describe("eventPrivilegeBadges", () => {
  const s = syntheticEvents();

  it("reads the event's process: the synthetic host exec carries CAP_SYS_ADMIN", () => {
    expect(eventPrivilegeBadges(s.execHost).map((b) => b.text)).toEqual(["CAP_SYS_ADMIN"]);
  });

  it("flags the synthetic xwing (a pod process outside its init tree)", () => {
    expect(XWING.inInitTree).toBe(false);
    expect(eventPrivilegeBadges(s.exec).map((b) => b.kind)).toEqual(["outside-init-tree"]);
  });

  it("gives none for events without a process", () => {
    expect(eventPrivilegeBadges(s.throttleStart)).toEqual([]);
    expect(eventPrivilegeBadges(create(GetEventsResponseSchema))).toEqual([]);
  });
});

const real = loadRealEvents() ?? [];
describe.skipIf(real.length === 0)(
  `privilege badges on the 32 real events ${real.length ? "" : REAL_EVENTS_SKIP}`,
  () => {
    // The capability names as the agent wrote them in JSON, checked without our enum mapping.
    const DANGEROUS_NAMES = [
      "CAP_SYS_ADMIN",
      "CAP_SYS_MODULE",
      "CAP_SYS_PTRACE",
      "CAP_SYS_RAWIO",
      "CAP_BPF",
      "CAP_DAC_READ_SEARCH",
      "CAP_NET_ADMIN",
      "CAP_PERFMON",
      "CAP_MAC_ADMIN",
      "CAP_MAC_OVERRIDE",
      "CAP_SYS_BOOT",
      "CAP_SYS_TIME",
      "CAP_AUDIT_CONTROL",
      "CAP_SYSLOG",
      "CAP_CHECKPOINT_RESTORE",
    ];

    it("flags exactly the dangerous effective capabilities each event's JSON lists", () => {
      let flagged = 0;
      for (const { line, res } of real) {
        const json = JSON.parse(line) as Record<
          string,
          { process?: { cap?: { effective?: string[] } } }
        >;
        const body = Object.values(json).find((v) => typeof v === "object" && "process" in v);
        const effective = body?.process?.cap?.effective ?? [];
        const expected = DANGEROUS_NAMES.filter((n) => effective.includes(n));
        const got = eventPrivilegeBadges(res).filter((b) => b.kind === "capability");
        expect(got.map((b) => b.text).sort()).toEqual([...expected].sort());
        if (got.length > 0) flagged++;
      }
      // The examples include fully privileged processes (nsenter, a privileged bash...) and
      // ordinary containers with the runtime's default set: both cases occur.
      expect(flagged).toBeGreaterThan(0);
      expect(flagged).toBeLessThan(real.length);
    });

    it("flags the privileged nsenter with CAP_SYS_ADMIN and the default-capability curl with nothing", () => {
      const nsenter = real.find(
        (e) => e.res.event.case === "processExec" && e.line.includes("/usr/bin/nsenter"),
      );
      const curl = real.find(
        (e) => e.res.event.case === "processExec" && e.line.includes("/usr/bin/curl"),
      );
      expect(eventPrivilegeBadges(nsenter!.res).map((b) => b.text)).toContain("CAP_SYS_ADMIN");
      expect(eventPrivilegeBadges(curl!.res)).toEqual([]);
    });
  },
);
