/*
 * Builders of GetEventsResponse messages from SimProcess records: exec, exit, and what
 * each Effect of cluster-data.ts looks like as a kprobe / lsm / tracepoint / uprobe event,
 * with the policy names ListTracingPolicies reports (policies.ts). `ancestors` is filled
 * for the event kinds the agent enables it for, as Tetragon's --enable-ancestors does.
 * Pure functions of their inputs (plus the Rng for ports, fds and cookies).
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  GetEventsResponseSchema,
  ThrottleType,
  type GetEventsResponse,
} from "../../src/gen/tetragon/events_pb.js";
import {
  KprobeAction,
  ProcessExecSchema,
  ProcessExitSchema,
  type KprobeArgumentSchema,
} from "../../src/gen/tetragon/tetragon_pb.js";
import type { Effect, ExitSpec } from "./cluster-data.js";
import type { SimContainer, SimProcess } from "./cluster.js";
import { PAYMENTS_NAMESPACE, POLICY, SHELL_PORTS } from "./policies.js";
import { ancestorsOf, processOf, timestampOf } from "./process-proto.js";
import type { Rng } from "./rng.js";

/** Tetragon's --enable-ancestors values: "base" is exec and exit. */
export type AncestorKind = "base" | "kprobe" | "tracepoint" | "uprobe" | "lsm";
export type AncestorKinds = ReadonlySet<AncestorKind>;
export const ALL_ANCESTORS: AncestorKinds = new Set([
  "base",
  "kprobe",
  "tracepoint",
  "uprobe",
  "lsm",
]);

type ResponseInit = MessageInitShape<typeof GetEventsResponseSchema>;
type ArgInit = MessageInitShape<typeof KprobeArgumentSchema>;

// Events are built by spreading zero messages: create() walks every init object, which
// dominated the generator's profile at 10,000 events/s.
const ZERO_RESPONSE = create(GetEventsResponseSchema);
const ZERO_EXEC = create(ProcessExecSchema);
const ZERO_EXIT = create(ProcessExitSchema);

function response(
  nodeName: string,
  ms: number,
  event: GetEventsResponse["event"],
): GetEventsResponse {
  return { ...ZERO_RESPONSE, event, nodeName, time: timestampOf(ms) };
}

/** For the rarer event kinds: create() turns the init shapes (args) into messages. */
function built(nodeName: string, ms: number, event: NonNullable<ResponseInit["event"]>) {
  return response(nodeName, ms, create(GetEventsResponseSchema, { event }).event);
}

function family(p: SimProcess, refcnt: number, withAncestors: boolean) {
  return {
    process: processOf(p, refcnt),
    ...(p.parent ? { parent: processOf(p.parent, 2) } : {}),
    ancestors: withAncestors ? ancestorsOf(p) : [],
  };
}

export function execEvent(p: SimProcess, ms: number, ancestors: AncestorKinds): GetEventsResponse {
  return response(p.node.name, ms, {
    case: "processExec",
    value: { ...ZERO_EXEC, ...family(p, 1, ancestors.has("base")) },
  });
}

export function exitEvent(
  p: SimProcess,
  exit: ExitSpec,
  ms: number,
  ancestors: AncestorKinds,
): GetEventsResponse {
  const how =
    "signal" in exit ? { signal: exit.signal, status: 0 } : { signal: "", status: exit.status };
  return response(p.node.name, ms, {
    case: "processExit",
    value: { ...ZERO_EXIT, ...family(p, 0, ancestors.has("base")), ...how, time: timestampOf(ms) },
  });
}

/** Which policy reports a connect: a kill for shell ports, the namespaced one in payments. */
function connectPolicy(p: SimProcess, dport: number): { policyName: string; action: KprobeAction } {
  if (SHELL_PORTS.has(dport))
    return { policyName: POLICY.denyReverseShell, action: KprobeAction.SIGKILL };
  if (p.container?.workload.namespace === PAYMENTS_NAMESPACE)
    return { policyName: POLICY.paymentsEgress, action: post };
  return { policyName: POLICY.tcpConnect, action: post };
}

export function throttleEvent(c: SimContainer, start: boolean, ms: number): GetEventsResponse {
  const qos = c.spec.uid === 0 ? "besteffort" : "burstable";
  return built(c.node.name, ms, {
    case: "processThrottle",
    value: {
      type: start ? ThrottleType.THROTTLE_START : ThrottleType.THROTTLE_STOP,
      cgroup: `/kubepods.slice/kubepods-${qos}.slice/kubepods-${qos}-pod${c.podUid.replaceAll("-", "_")}.slice/cri-containerd-${c.id}.scope`,
    },
  });
}

const post = KprobeAction.POST;

function fileArg(path: string, write = false): ArgInit {
  return {
    arg: { case: "fileArg", value: { path, permission: write ? "-rw-r--r--" : "-rw-r-----" } },
  };
}
function intArg(value: number): ArgInit {
  return { arg: { case: "intArg", value } };
}

/** The event a tracing policy emits when `p` does `effect`. */
export function effectEvent(
  rng: Rng,
  p: SimProcess,
  effect: Effect,
  ms: number,
  ancestors: AncestorKinds,
): GetEventsResponse {
  const node = p.node.name;
  const kind: AncestorKind =
    effect.kind === "lsm"
      ? "lsm"
      : effect.kind === "ptrace"
        ? "tracepoint"
        : effect.kind === "readline"
          ? "uprobe"
          : "kprobe";
  const who = family(p, 1, ancestors.has(kind));
  switch (effect.kind) {
    case "file": {
      const args =
        effect.fn === "fd_install"
          ? [intArg(rng.int(3, 12)), fileArg(effect.path, effect.write)]
          : [fileArg(effect.path, effect.write), intArg(effect.write ? 2 : 4)];
      const ret = effect.fn === "security_file_permission" ? { return: intArg(0) } : {};
      return built(node, ms, {
        case: "processKprobe",
        value: {
          ...who,
          functionName: effect.fn,
          args,
          ...ret,
          action: post,
          policyName: POLICY.fileMonitoring,
        },
      });
    }
    case "connect": {
      const saddr = p.container ? p.container.podIp : p.node.ip;
      const sock = {
        family: "AF_INET",
        type: "SOCK_STREAM",
        protocol: "IPPROTO_TCP",
        saddr: effect.daddr === "127.0.0.1" ? "127.0.0.1" : saddr,
        daddr: effect.daddr,
        sport: rng.int(32768, 60999),
        dport: effect.dport,
        cookie: BigInt(rng.int(1, 2 ** 31)) * 4096n,
        state: "TCP_SYN_SENT",
      };
      return built(node, ms, {
        case: "processKprobe",
        value: {
          ...who,
          functionName: "tcp_connect",
          args: [{ arg: { case: "sockArg", value: sock } }],
          ...connectPolicy(p, effect.dport),
        },
      });
    }
    case "setuid":
      return built(node, ms, {
        case: "processKprobe",
        value: {
          ...who,
          functionName: "__x64_sys_setuid",
          args: [intArg(effect.uid)],
          return: intArg(0),
          action: post,
          policyName: POLICY.privilegesRaise,
        },
      });
    case "lsm": {
      const arg: ArgInit =
        effect.hook === "file_open"
          ? fileArg(effect.path)
          : {
              arg: {
                case: "linuxBinprmArg",
                value: { path: effect.path, permission: "-rwxr-xr-x" },
              },
            };
      return built(node, ms, {
        case: "processLsm",
        value: {
          ...who,
          functionName: effect.hook,
          args: [arg],
          action: post,
          policyName: POLICY.fileOpenLsm,
        },
      });
    }
    case "ptrace":
      return built(node, ms, {
        case: "processTracepoint",
        value: {
          ...who,
          subsys: "syscalls",
          event: "sys_enter_ptrace",
          // PTRACE_SEIZE (0x4206) is what strace -p uses.
          args: [
            { arg: { case: "longArg", value: 0x4206n } },
            { arg: { case: "longArg", value: BigInt(effect.targetPid) } },
          ],
          action: post,
          policyName: POLICY.ptrace,
        },
      });
    case "readline": {
      const prompt = `${p.uid === 0 ? "root" : "app"}@${p.container?.podName ?? p.node.name}:${p.cwd}${p.uid === 0 ? "#" : "$"} `;
      return built(node, ms, {
        case: "processUprobe",
        value: {
          ...who,
          path: p.binary,
          symbol: "readline",
          args: [{ arg: { case: "stringArg", value: prompt } }],
          action: post,
          policyName: POLICY.bashReadline,
        },
      });
    }
  }
}
