import { create, fromBinary } from "@bufbuild/protobuf";
import {
  anyPack,
  AnySchema,
  BoolValueSchema,
  Int64ValueSchema,
  ListValueSchema,
  StringValueSchema,
  TimestampSchema,
} from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { GetInfoResponseSchema } from "../gen/tetragon/sensors_pb.js";
import {
  GetHealthStatusResponseSchema,
  HealthStatusResult,
  HealthStatusType,
} from "../gen/tetragon/tetragon_pb.js";
import { confValue, toAgentHealthView, toAgentInfoView } from "./agent-info.js";

const str = (value: string) => anyPack(StringValueSchema, create(StringValueSchema, { value }));
const bool = (value: boolean) => anyPack(BoolValueSchema, create(BoolValueSchema, { value }));
const int = (value: bigint) => anyPack(Int64ValueSchema, create(Int64ValueSchema, { value }));
const list = (...values: string[]) =>
  anyPack(
    ListValueSchema,
    create(ListValueSchema, {
      values: values.map((v) => ({ kind: { case: "stringValue" as const, value: v } })),
    }),
  );

function info(conf: Record<string, ReturnType<typeof str>>) {
  return toAgentInfoView(
    create(GetInfoResponseSchema, {
      name: "tetragon",
      version: "v1.5.0",
      probes: [
        { Name: "override_return", Enabled: false },
        { Name: "lsm", Enabled: true },
        { Name: "mystery" },
      ],
      conf: Object.entries(conf).map(([key, value]) => ({ key, value })),
      build: { goVersion: "go1.24.4", commit: "4fbfe2d", time: "2025-08-21", modified: "false" },
    }),
  );
}

describe("confValue", () => {
  it("unpacks the four types Tetragon sends", () => {
    expect(confValue(str("localhost:54321"))).toEqual({ kind: "string", value: "localhost:54321" });
    expect(confValue(bool(true))).toEqual({ kind: "bool", value: true });
    expect(confValue(int(65536n))).toEqual({ kind: "int", value: "65536" });
    expect(confValue(list("base", "kprobe"))).toEqual({ kind: "list", value: ["base", "kprobe"] });
  });

  it("names a type it does not read, and says so for bytes that do not decode", () => {
    const ts = anyPack(TimestampSchema, create(TimestampSchema, { seconds: 1n }));
    expect(confValue(ts)).toEqual({ kind: "unknown", value: "(google.protobuf.Timestamp)" });
    const broken = create(AnySchema, {
      typeUrl: "type.googleapis.com/google.protobuf.StringValue",
      value: new Uint8Array([0x0a, 0xff]),
    });
    expect(confValue(broken)).toEqual({ kind: "unknown", value: "(unreadable value)" });
    expect(confValue(undefined)).toEqual({ kind: "unknown", value: "(no value)" });
  });
});

describe("toAgentInfoView", () => {
  it("keeps name, version, build, probes by name and options by key", () => {
    const v = info({ "server-address": str("localhost:54321"), debug: bool(false) });
    expect(v).toMatchObject({ name: "tetragon", version: "v1.5.0" });
    expect(v.build).toEqual({
      goVersion: "go1.24.4",
      commit: "4fbfe2d",
      time: "2025-08-21",
      modified: "false",
    });
    expect(v.probes).toEqual([
      { name: "lsm", enabled: true },
      { name: "mystery", enabled: undefined },
      { name: "override_return", enabled: false },
    ]);
    expect(v.options.map((o) => o.key)).toEqual(["debug", "server-address"]);
  });

  it("notes nothing about options the agent did not report", () => {
    expect(info({}).notes).toEqual([]);
    expect(info({}).settings).toEqual([]);
  });

  it("says in plain words that ancestors are off", () => {
    const v = info({ "enable-ancestors": str("") });
    expect(v.notes.map((n) => n.text)).toEqual([
      "Ancestors are disabled on this agent (enable-ancestors): trees are built from the buffer only.",
    ]);
    expect(v.settings).toEqual([
      { label: "Ancestors", key: "enable-ancestors", on: false, text: "off" },
    ]);
  });

  it("says which event types lack ancestors when only some are on", () => {
    const v = info({ "enable-ancestors": list("base", "kprobe") });
    expect(v.notes).toMatchObject([{ id: "ancestors-partial", severity: "info" }]);
    expect(v.notes[0]?.text).toContain("not with tracepoint, uprobe, lsm events");
    expect(v.settings[0]).toMatchObject({ on: true, text: "base, kprobe" });
    const all = info({ "enable-ancestors": str("base,kprobe,tracepoint,uprobe,lsm,usdt") });
    expect(all.notes).toEqual([]);
  });

  it("reads the pre-1.3 enable-process-ancestors switch", () => {
    expect(info({ "enable-process-ancestors": bool(false) }).notes[0]?.id).toBe("ancestors-off");
    expect(info({ "enable-process-ancestors": bool(true) }).notes[0]?.id).toBe("ancestors-partial");
  });

  it("notes pod info, credentials and namespaces off, from booleans or ConfigMap strings", () => {
    const v = info({
      "enable-k8s-api": str("false"),
      "enable-process-cred": bool(false),
      "enable-process-ns": str("False"),
    });
    expect(v.notes.map((n) => n.id)).toEqual(["k8s-off", "cred-off", "ns-off"]);
    expect(v.notes[0]?.text).toMatch(/^Kubernetes API access is off \(enable-k8s-api\): /);
    expect(v.settings.map((s) => [s.label, s.text])).toEqual([
      ["Pod info (Kubernetes API)", "off"],
      ["Process credentials", "off"],
      ["Namespaces", "off"],
    ]);
    const on = info({ "enable-k8s-api": str("true"), "enable-process-cred": bool(true) });
    expect(on.notes).toEqual([]);
    expect(on.settings.every((s) => s.on === true)).toBe(true);
  });

  it("warns that both export lists do not filter the gRPC stream", () => {
    const v = info({
      "export-allowlist": str("{}"),
      "export-denylist": str('{"pod_regex":["x"]}'),
    });
    expect(v.notes[0]?.text).toMatch(/^The export-allowlist and export-denylist filter only /);
  });

  it("warns that an export allow list does not filter the gRPC stream", () => {
    const v = info({
      "export-allowlist": str('{"event_set":["PROCESS_EXEC"]}'),
      "export-denylist": str(""),
    });
    expect(v.notes.map((n) => n.text)).toEqual([
      "The export-allowlist filters only the agent's JSON export file, not the gRPC stream this dashboard reads: events it drops still show here.",
    ]);
    expect(v.settings).toEqual([
      {
        label: "Export allow list",
        key: "export-allowlist",
        on: undefined,
        text: '{"event_set":["PROCESS_EXEC"]}',
      },
      { label: "Export deny list", key: "export-denylist", on: undefined, text: "(empty)" },
    ]);
  });
});

describe("toAgentHealthView", () => {
  const health = (...statuses: [HealthStatusResult, string][]) =>
    toAgentHealthView(
      create(GetHealthStatusResponseSchema, {
        healthStatus: statuses.map(([status, details]) => ({
          event: HealthStatusType.STATUS,
          status,
          details,
        })),
      }),
    );

  it("reports the worst state with every detail", () => {
    expect(health([HealthStatusResult.HEALTH_STATUS_RUNNING, "running"])).toEqual({
      state: "running",
      details: ["running"],
    });
    expect(
      health(
        [HealthStatusResult.HEALTH_STATUS_RUNNING, ""],
        [HealthStatusResult.HEALTH_STATUS_ERROR, "sensor failed"],
      ),
    ).toEqual({ state: "error", details: ["sensor failed"] });
  });

  it("reads an empty answer, or a state a newer agent added, as unknown", () => {
    expect(health()).toEqual({ state: "unknown", details: [] });
    // health_status { status: 99 }: a value this build has no name for.
    const newer = fromBinary(GetHealthStatusResponseSchema, new Uint8Array([0x0a, 2, 0x10, 99]));
    expect(toAgentHealthView(newer).state).toBe("unknown");
  });
});
