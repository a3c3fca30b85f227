/**
 * The part of a GetEventsResponse that a table row is built from: the fields `toRowFields`,
 * `rowParts` and `compactOf` read, and nothing else. Structural subsets of the generated
 * types, so a fully decoded message is a SlimEvent too (the reference path), and the fast
 * partial decoder (slim-decode.ts) builds one without decoding the rest (ancestors, the
 * parent's pod, credentials, namespaces, stack traces...). Because the row mappers take this
 * type, the typecheck fails if they start reading a field the partial decoder does not fill.
 */
import type { KprobeArgument } from "../gen/tetragon/tetragon_pb.js";

export interface SlimTime {
  readonly seconds: bigint;
  readonly nanos: number;
}

export interface SlimContainer {
  readonly id: string;
  readonly name: string;
  readonly image?: { readonly name: string } | undefined;
}

export interface SlimPod {
  readonly namespace: string;
  readonly name: string;
  readonly workload: string;
  readonly podLabels: { readonly [key: string]: string };
  readonly container?: SlimContainer | undefined;
}

export interface SlimProcess {
  readonly execId: string;
  readonly pid?: number | undefined;
  readonly uid?: number | undefined;
  readonly binary: string;
  readonly arguments: string;
  readonly pod?: SlimPod | undefined;
  readonly parentExecId: string;
  /** Capability numbers (CapabilitiesType); enums are plain numbers in the slim form. */
  readonly cap?: { readonly effective: readonly number[] } | undefined;
}

/** The parent as a row shows it (its own row is its exec event). */
export interface SlimParent {
  readonly binary: string;
  readonly arguments: string;
}

interface WithProcess {
  readonly process?: SlimProcess | undefined;
  readonly parent?: SlimParent | undefined;
}

/** What every hook event (kprobe, tracepoint, uprobe, usdt, lsm) shares. */
interface Hook extends WithProcess {
  readonly policyName: string;
  /** KprobeAction number. */
  readonly action: number;
  readonly args: readonly KprobeArgument[];
}

export type SlimEventCase =
  | { readonly case: "processExec"; readonly value: WithProcess }
  | {
      readonly case: "processExit";
      readonly value: WithProcess & { readonly signal: string; readonly status: number };
    }
  | {
      readonly case: "processKprobe";
      readonly value: Hook & {
        readonly functionName: string;
        readonly return?: KprobeArgument | undefined;
      };
    }
  | {
      readonly case: "processTracepoint";
      readonly value: Hook & { readonly subsys: string; readonly event: string };
    }
  | {
      readonly case: "processUprobe";
      readonly value: Hook & { readonly path: string; readonly symbol: string };
    }
  | {
      readonly case: "processUsdt";
      readonly value: Hook & {
        readonly path: string;
        readonly provider: string;
        readonly name: string;
      };
    }
  | { readonly case: "processLsm"; readonly value: Hook & { readonly functionName: string } }
  | {
      readonly case: "processLoader";
      readonly value: WithProcess & { readonly path: string; readonly buildid: Uint8Array };
    }
  | {
      readonly case: "processThrottle";
      readonly value: { readonly type: number; readonly cgroup: string };
    }
  | {
      readonly case: "rateLimitInfo";
      readonly value: { readonly numberOfDroppedProcessEvents: bigint };
    }
  | { readonly case: "test"; readonly value: object }
  | { readonly case: undefined; readonly value?: undefined };

export interface SlimEvent {
  readonly nodeName: string;
  readonly clusterName: string;
  readonly time?: SlimTime | undefined;
  readonly event: SlimEventCase;
}
