import { describe, expect, it } from "vitest";
import { summaryParts } from "./summary-lead";

const base = { verb: "syscall", namespace: "kube-system", pod: "etcd-kind", node: "kind" };

describe("summaryParts", () => {
  it("leads with the hooked function, not the repeated pod and binary", () => {
    const row = {
      ...base,
      binary: "/usr/bin/etcd",
      summary: "syscall kube-system/etcd-kind /usr/bin/etcd cap_capable",
    };
    expect(summaryParts(row)).toEqual({
      lead: "cap_capable",
      context: "syscall kube-system/etcd-kind /usr/bin/etcd",
    });
  });

  it("uses the node for host processes and keeps the trailer", () => {
    const row = {
      ...base,
      verb: "process",
      pod: "",
      namespace: "",
      binary: "/usr/lib/systemd/systemd",
      summary: "process kind /usr/lib/systemd/systemd --system 🛑 CAP_SYS_ADMIN",
    };
    expect(summaryParts(row).lead).toBe("--system 🛑 CAP_SYS_ADMIN");
  });

  it("keeps the whole line when nothing follows the context or it does not match", () => {
    const clock = {
      ...base,
      verb: "clock_settime",
      binary: "/bin/date",
      summary: "clock_settime kube-system/etcd-kind /bin/date",
    };
    expect(summaryParts(clock)).toEqual({ lead: clock.summary, context: "" });
    const noProcess = { ...base, binary: "", summary: "syscall kind (no process info)" };
    expect(summaryParts(noProcess)).toEqual({ lead: noProcess.summary, context: "" });
    const rate = {
      ...base,
      binary: "",
      verb: "rate limit",
      summary: "rate limit: 42 events dropped",
    };
    expect(summaryParts(rate).lead).toBe(rate.summary);
  });
});
