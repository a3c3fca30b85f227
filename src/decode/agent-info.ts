/**
 * GetVersion, GetHealth and GetInfo answers -> plain view types for the Agents dialog. Pure.
 *
 * GetInfo's `conf` is the agent's whole configuration (viper's settings), each value a
 * google.protobuf.Any wrapping a StringValue, BoolValue, Int64Value or ListValue (what
 * Tetragon's tetragoninfo package encodes). We unpack those four; anything else is shown as
 * its type name, never guessed at.
 */
import {
  type Any,
  anyIs,
  anyUnpack,
  BoolValueSchema,
  Int64ValueSchema,
  ListValueSchema,
  StringValueSchema,
  ValueSchema,
} from "@bufbuild/protobuf/wkt";
import { toJson } from "@bufbuild/protobuf";
import type { GetInfoResponse } from "../gen/tetragon/sensors_pb.js";
import { type GetHealthStatusResponse, HealthStatusResult } from "../gen/tetragon/tetragon_pb.js";
import {
  type AgentNote,
  type AgentSetting,
  agentNotes,
  keySettings,
} from "../model/agent-notes.js";

export type ConfValue =
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "int"; readonly value: string }
  | { readonly kind: "list"; readonly value: readonly string[] }
  | { readonly kind: "unknown"; readonly value: string };

export interface AgentOption {
  readonly key: string;
  readonly value: ConfValue;
}

export interface AgentProbe {
  readonly name: string;
  /** undefined when the agent could not tell. */
  readonly enabled: boolean | undefined;
}

export interface AgentInfoView {
  readonly name: string;
  readonly version: string;
  readonly build: {
    readonly goVersion: string;
    readonly commit: string;
    readonly time: string;
    readonly modified: string;
  };
  /** Kernel features the agent probed (BPF helpers, program types), sorted by name. */
  readonly probes: readonly AgentProbe[];
  /** Every configuration value, sorted by key. */
  readonly options: readonly AgentOption[];
  /** The options that decide what the dashboard can show (ancestors, pod info...). */
  readonly settings: readonly AgentSetting[];
  /** Plain-words notes where something users expect is off. */
  readonly notes: readonly AgentNote[];
}

export type HealthState = "running" | "stopped" | "error" | "unknown";

export interface AgentHealthView {
  /** The worst state reported ("unknown" when the answer was empty). */
  readonly state: HealthState;
  readonly details: readonly string[];
}

export function confValue(any: Any | undefined): ConfValue {
  if (any === undefined) return { kind: "unknown", value: "(no value)" };
  try {
    if (anyIs(any, StringValueSchema)) {
      return { kind: "string", value: anyUnpack(any, StringValueSchema)?.value ?? "" };
    }
    if (anyIs(any, BoolValueSchema)) {
      return { kind: "bool", value: anyUnpack(any, BoolValueSchema)?.value ?? false };
    }
    if (anyIs(any, Int64ValueSchema)) {
      return { kind: "int", value: (anyUnpack(any, Int64ValueSchema)?.value ?? 0n).toString() };
    }
    if (anyIs(any, ListValueSchema)) {
      const list = anyUnpack(any, ListValueSchema)?.values ?? [];
      return {
        kind: "list",
        value: list.map((v) =>
          v.kind.case === "stringValue" ? v.kind.value : JSON.stringify(toJson(ValueSchema, v)),
        ),
      };
    }
  } catch {
    // Bytes that do not decode as the type they claim.
    return { kind: "unknown", value: "(unreadable value)" };
  }
  const type = any.typeUrl.slice(any.typeUrl.lastIndexOf("/") + 1);
  return { kind: "unknown", value: `(${type || "unreadable value"})` };
}

export function toAgentInfoView(res: GetInfoResponse): AgentInfoView {
  const options = res.conf
    .map((c) => ({ key: c.key, value: confValue(c.value) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    name: res.name,
    version: res.version,
    build: {
      goVersion: res.build?.goVersion ?? "",
      commit: res.build?.commit ?? "",
      time: res.build?.time ?? "",
      modified: res.build?.modified ?? "",
    },
    probes: res.probes
      .map((p) => ({ name: p.Name, enabled: p.Enabled }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    options,
    settings: keySettings(options),
    notes: agentNotes(options),
  };
}

const HEALTH_RANK: Record<HealthState, number> = { unknown: 0, running: 1, stopped: 2, error: 3 };

const HEALTH_STATE: Record<HealthStatusResult, HealthState> = {
  [HealthStatusResult.HEALTH_STATUS_UNDEF]: "unknown",
  [HealthStatusResult.HEALTH_STATUS_RUNNING]: "running",
  [HealthStatusResult.HEALTH_STATUS_STOPPED]: "stopped",
  [HealthStatusResult.HEALTH_STATUS_ERROR]: "error",
};

/** A value a newer agent added reads as "unknown", not as a crash. */
const healthState = (result: HealthStatusResult): HealthState =>
  (HEALTH_STATE as Partial<Record<number, HealthState>>)[result] ?? "unknown";

export function toAgentHealthView(res: GetHealthStatusResponse): AgentHealthView {
  let state: HealthState = "unknown";
  for (const h of res.healthStatus) {
    const s = healthState(h.status);
    if (HEALTH_RANK[s] > HEALTH_RANK[state]) state = s;
  }
  return { state, details: res.healthStatus.map((h) => h.details).filter((d) => d !== "") };
}
