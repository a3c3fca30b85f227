import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { GetEventsRequestSchema } from "../../src/gen/tetragon/events_pb.js";
import { checkGetEventsRequest, requestLimits } from "./request-limits.js";

function codeOf(fn: () => void): Code | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return ConnectError.from(err).code;
  }
}

describe("checkGetEventsRequest", () => {
  it("accepts ordinary filters", () => {
    const req = create(GetEventsRequestSchema, {
      allowList: [{ binaryRegex: ["curl$"], namespace: ["default"], labels: ["app=web"] }],
      denyList: [{ podRegex: ["^web-"], pid: [1, 2] }],
    });
    expect(
      codeOf(() => {
        checkGetEventsRequest(req);
      }),
    ).toBeUndefined();
  });

  it.each([
    [
      "too many allow filters",
      { allowList: Array.from({ length: requestLimits.maxFilters + 1 }, () => ({})) },
    ],
    [
      "too many deny filters",
      { denyList: Array.from({ length: requestLimits.maxFilters + 1 }, () => ({})) },
    ],
    [
      "a long regex",
      { allowList: [{ podRegex: ["x".repeat(requestLimits.maxStringLength + 1)] }] },
    ],
    ["a long CEL expression", { denyList: [{ celExpression: ["y".repeat(5000)] }] }],
    [
      "too many values",
      { allowList: [{ namespace: Array.from({ length: 65 }, (_, i) => `ns${String(i)}`) }] },
    ],
    ["a huge aggregation buffer", { aggregationOptions: { channelBufferSize: 1n << 40n } }],
  ])("rejects %s with InvalidArgument", (_name, init) => {
    const req = create(GetEventsRequestSchema, init);
    expect(
      codeOf(() => {
        checkGetEventsRequest(req);
      }),
    ).toBe(Code.InvalidArgument);
  });
});
