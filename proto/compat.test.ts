/**
 * Our proto/tetragon/*.proto must match the real agent's API field for field: a wrong number
 * silently shows wrong data. Compared against the reference descriptor set in ../shared.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createFileRegistry, createRegistry, fromBinary, type Registry } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { file_tetragon_bpf } from "../src/gen/tetragon/bpf_pb.js";
import { file_tetragon_capabilities } from "../src/gen/tetragon/capabilities_pb.js";
import { file_tetragon_eventlogservice } from "../src/gen/tetragon/eventlogservice_pb.js";
import { file_tetragon_events } from "../src/gen/tetragon/events_pb.js";
import { file_tetragon_sensors } from "../src/gen/tetragon/sensors_pb.js";
import { file_tetragon_tetragon } from "../src/gen/tetragon/tetragon_pb.js";
import { describeRegistry, missingFrom } from "./descriptor-facts.js";

const referencePath = fileURLToPath(
  new URL("../../shared/tetragon-api/tetragon-api.binpb", import.meta.url),
);
const haveReference = existsSync(referencePath);
if (!haveReference) {
  console.warn(`SKIPPED proto compatibility: reference not found at ${referencePath}`);
}

function referenceSet() {
  return fromBinary(FileDescriptorSetSchema, readFileSync(referencePath));
}
const ours: Registry = createRegistry(
  file_tetragon_bpf,
  file_tetragon_capabilities,
  file_tetragon_eventlogservice,
  file_tetragon_events,
  file_tetragon_sensors,
  file_tetragon_tetragon,
);

describe.skipIf(!haveReference)("proto/tetragon matches the real Tetragon API", () => {
  it("has every fact of the reference and nothing else (package tetragon)", () => {
    const theirs = describeRegistry(createFileRegistry(referenceSet()), "tetragon");
    const mine = describeRegistry(ours, "tetragon");
    expect(theirs.size).toBeGreaterThan(500);
    expect(missingFrom(theirs, mine)).toEqual([]);
    expect(missingFrom(mine, theirs)).toEqual([]);
  });

  it("catches a renumbered field (the comparison can fail)", () => {
    const tampered = referenceSet();
    const file = tampered.file.find((f) => f.name === "tetragon/tetragon.proto")!;
    const process = file.messageType.find((m) => m.name === "Process")!;
    const pid = process.field.find((f) => f.name === "pid")!;
    pid.number = 99;
    const diff = missingFrom(
      describeRegistry(ours, "tetragon"),
      describeRegistry(createFileRegistry(tampered), "tetragon"),
    );
    expect(diff).toEqual([expect.stringMatching(/^field tetragon\.Process\.pid number=2 /)]);
  });

  it.each([
    ["ours against the reference", "proto", referencePath],
    ["the reference against ours", referencePath, "proto"],
  ])("buf breaking (WIRE_JSON) finds nothing: %s", (_name, input, against) => {
    const run = spawnSync("npx", ["buf", "breaking", input, "--against", against], {
      encoding: "utf8",
    });
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
