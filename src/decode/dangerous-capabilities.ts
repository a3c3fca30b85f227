/**
 * The Linux capabilities a process should not hold unless it must, each with the reason a
 * user should look. Chosen against the capabilities a container runtime grants by default
 * (CAP_CHOWN, DAC_OVERRIDE, CAP_FOWNER, CAP_FSETID, CAP_KILL, CAP_SETGID, CAP_SETUID,
 * CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_NET_RAW, CAP_SYS_CHROOT, CAP_MKNOD, CAP_AUDIT_WRITE,
 * CAP_SETFCAP): those are on almost every container process, so flagging them would bury the
 * ones below, which are what "privileged: true" or an explicit `capabilities.add` grants.
 * Ordered most dangerous first; the badge component shows them in this order.
 */
import { CapabilitiesType } from "../gen/tetragon/capabilities_pb.js";

export interface DangerousCapability {
  readonly cap: CapabilitiesType;
  /** The name users know ("CAP_SYS_ADMIN"); the enum's own names lack CAP_ on one value. */
  readonly name: string;
  readonly why: string;
  /** "high": escape to the host or the kernel in one step; "medium": a strong foothold. */
  readonly severity: "high" | "medium";
}

export const DANGEROUS_CAPABILITIES: readonly DangerousCapability[] = [
  {
    cap: CapabilitiesType.CAP_SYS_ADMIN,
    name: "CAP_SYS_ADMIN",
    why: "near-root: mounts filesystems, enters namespaces, loads BPF on older kernels; the usual container escape",
    severity: "high",
  },
  {
    cap: CapabilitiesType.CAP_SYS_MODULE,
    name: "CAP_SYS_MODULE",
    why: "loads kernel modules: runs any code in the kernel",
    severity: "high",
  },
  {
    cap: CapabilitiesType.CAP_SYS_PTRACE,
    name: "CAP_SYS_PTRACE",
    why: "reads and writes other processes' memory: steals secrets, injects code",
    severity: "high",
  },
  {
    cap: CapabilitiesType.CAP_SYS_RAWIO,
    name: "CAP_SYS_RAWIO",
    why: "raw device and I/O port access (/dev/mem, disks): bypasses every file permission",
    severity: "high",
  },
  {
    cap: CapabilitiesType.CAP_BPF,
    name: "CAP_BPF",
    why: "loads BPF programs and maps: can read kernel memory and tamper with tracing",
    severity: "high",
  },
  {
    cap: CapabilitiesType.CAP_DAC_READ_SEARCH,
    name: "CAP_DAC_READ_SEARCH",
    why: "reads any file whatever its permissions; open_by_handle_at reaches host files (the 'shocker' escape)",
    severity: "high",
  },
  {
    cap: CapabilitiesType.CAP_NET_ADMIN,
    name: "CAP_NET_ADMIN",
    why: "reconfigures the network: interfaces, routes, firewall rules, traffic capture",
    severity: "medium",
  },
  {
    cap: CapabilitiesType.CAP_PERFMON,
    name: "CAP_PERFMON",
    why: "kernel tracing and perf events: observes other processes and the kernel",
    severity: "medium",
  },
  {
    cap: CapabilitiesType.CAP_MAC_ADMIN,
    name: "CAP_MAC_ADMIN",
    why: "changes the mandatory access control policy (AppArmor, SELinux, Smack)",
    severity: "medium",
  },
  {
    cap: CapabilitiesType.CAP_MAC_OVERRIDE,
    name: "CAP_MAC_OVERRIDE",
    why: "bypasses the mandatory access control policy",
    severity: "medium",
  },
  {
    cap: CapabilitiesType.CAP_SYS_BOOT,
    name: "CAP_SYS_BOOT",
    why: "reboots the node or loads a new kernel (kexec)",
    severity: "medium",
  },
  {
    cap: CapabilitiesType.CAP_SYS_TIME,
    name: "CAP_SYS_TIME",
    why: "sets the node's clock: breaks certificates, logs and tokens",
    severity: "medium",
  },
  {
    cap: CapabilitiesType.CAP_AUDIT_CONTROL,
    name: "CAP_AUDIT_CONTROL",
    why: "turns kernel auditing off or changes its rules",
    severity: "medium",
  },
  {
    cap: CapabilitiesType.CAP_SYSLOG,
    name: "CAP_SYSLOG",
    why: "reads the kernel log, including kernel addresses that help exploits",
    severity: "medium",
  },
  {
    cap: CapabilitiesType.CAP_CHECKPOINT_RESTORE,
    name: "CAP_CHECKPOINT_RESTORE",
    why: "checkpoints and restores processes: chooses PIDs, reads process state",
    severity: "medium",
  },
];
