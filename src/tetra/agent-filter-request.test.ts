import { createFileRegistry, equals, fromBinary, isFieldSet } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FilterSchema, GetEventsRequestSchema } from "../gen/tetragon/events_pb.js";
import type { AgentFilterLists } from "./agent-filter.js";
import { agentFilterKey } from "./agent-filter.js";
import { exampleDraft, parseDraft, validateAgentFilter } from "./agent-filter-draft.js";
import {
  agentFilterRequestJson,
  decodeAgentFilterParam,
  encodeAgentFilterParam,
  fromGetEventsRequest,
  toGetEventsRequest,
} from "./agent-filter-request.js";
import { FIELD_SPECS } from "./filter-fields.js";
import { TETRA_FILTER_FLAGS } from "./flags.js";

const BINPB = new URL("../../../shared/tetragon-api/tetragon-api.binpb", import.meta.url);
const binpbPath = fileURLToPath(BINPB);
const haveBinpb = existsSync(binpbPath);
if (!haveBinpb) console.warn(`${binpbPath} not found (../shared is absent): skipping`);

function realFilterFields(): { name: string; jsonName: string }[] {
  const set = fromBinary(FileDescriptorSetSchema, readFileSync(binpbPath));
  const filter = createFileRegistry(set).getMessage("tetragon.Filter");
  if (filter === undefined) throw new Error("tetragon.Filter not in the descriptor set");
  return filter.fields.map((f) => ({ name: f.name, jsonName: f.jsonName }));
}

function everyField(): AgentFilterLists {
  const { filter, errors } = parseDraft(exampleDraft());
  expect(errors).toEqual({});
  return { allow: [filter], deny: [filter, { namespace: [""] }] };
}

describe.skipIf(!haveBinpb)("every field of the real tetragon.Filter", () => {
  it("has a panel field, a view key and a tetra flag entry", () => {
    const real = realFilterFields();
    expect(real.length).toBeGreaterThanOrEqual(19);
    const panel = new Set(FIELD_SPECS.map((s) => s.proto.split(".")[0]));
    expect([...panel].sort()).toEqual(real.map((f) => f.name).sort());
    expect(Object.keys(TETRA_FILTER_FLAGS).sort()).toEqual(real.map((f) => f.jsonName).sort());
  });

  it("is set in the request the example draft builds", () => {
    const request = toGetEventsRequest(everyField());
    const [allow] = request.allowList;
    expect(allow).toBeDefined();
    for (const field of FilterSchema.fields)
      expect(isFieldSet(allow!, field), field.name).toBe(true);
    expect(allow?.capabilities?.permitted?.exactly).toHaveLength(1);
    expect(allow?.capabilities?.inheritable?.none).toHaveLength(1);
  });
});

describe("AgentFilterLists <-> GetEventsRequest", () => {
  it("round-trips every field", () => {
    const lists = everyField();
    const back = fromGetEventsRequest(toGetEventsRequest(lists));
    expect(agentFilterKey(back)).toBe(agentFilterKey(lists));
    expect(
      equals(GetEventsRequestSchema, toGetEventsRequest(back), toGetEventsRequest(lists)),
    ).toBe(true);
  });

  it('keeps namespace "" (host processes) and false booleans', () => {
    const lists: AgentFilterLists = { allow: [{ namespace: [""], inInitTree: false }], deny: [] };
    const req = toGetEventsRequest(lists);
    expect(req.allowList[0]?.namespace).toEqual([""]);
    expect(req.allowList[0]?.inInitTree).toBe(false);
    expect(fromGetEventsRequest(req)).toEqual(lists);
  });

  it("copies as canonical GetEventsRequest JSON", () => {
    const json = JSON.parse(
      agentFilterRequestJson({
        allow: [{ podRegex: ["^xwing$"], eventSet: ["PROCESS_EXEC"], healthCheck: false }],
        deny: [{ namespace: ["kube-system"] }],
      }),
    ) as unknown;
    expect(json).toEqual({
      allowList: [{ podRegex: ["^xwing$"], eventSet: ["PROCESS_EXEC"], healthCheck: false }],
      denyList: [{ namespace: ["kube-system"] }],
    });
  });

  it("refuses an event type the schema does not have", () => {
    expect(() => toGetEventsRequest({ allow: [{ eventSet: ["PROCESS_NOPE"] }], deny: [] })).toThrow(
      /PROCESS_NOPE/,
    );
  });
});

describe("the URL form", () => {
  it("round-trips, and is shorter than the JSON", () => {
    const lists = everyField();
    const param = encodeAgentFilterParam(lists);
    expect(param).toMatch(/^1\.[A-Za-z0-9_-]+$/);
    expect(param.length).toBeLessThan(JSON.stringify(lists).length);
    const back = decodeAgentFilterParam(param);
    expect(back.ok && agentFilterKey(back.lists)).toBe(agentFilterKey(lists));
  });

  it("encodes no filter as an empty value", () => {
    expect(encodeAgentFilterParam({ allow: [], deny: [] })).toBe("");
    expect(decodeAgentFilterParam("")).toEqual({ ok: true, lists: { allow: [], deny: [] } });
  });

  it.each([
    ["1.!!!", /not in a form/],
    ["2.AAAA", /not in a form/],
    ["1.CgP_", /cannot be read/],
    [`1.${"A".repeat(40_000)}`, /over 32768/],
  ])("reads hostile %s as an error, never a throw", (param, message) => {
    const r = decodeAgentFilterParam(param.slice(0, 60_000));
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.error).toMatch(message);
  });

  it("hands back what the agent would refuse, for validation to name", () => {
    const r = decodeAgentFilterParam(
      encodeAgentFilterParam({ allow: [{ podRegex: ["(unclosed"] }], deny: [] }),
    );
    expect(r.ok).toBe(true);
    const issues = validateAgentFilter(r.ok ? r.lists : { allow: [], deny: [] });
    expect(issues).toEqual([
      expect.objectContaining({ list: "allow", index: 0, field: "podRegex" }),
    ]);
  });
});
