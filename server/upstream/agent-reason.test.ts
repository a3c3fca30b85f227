import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { parseAgentAddress } from "./agent-address.js";
import { failureReason, isAgentRejection, isProtocolFault, shortError } from "./agent-reason.js";

const address = parseAgentAddress("127.0.0.1:54321");
if ("error" in address) throw new Error(address.error);
const fromTrailer = (code: Code) =>
  new ConnectError("bad regex", code, new Headers({ "grpc-status": String(code) }));

describe("agent failure classification", () => {
  it("only a grpc-status from the agent about the request is a rejection", () => {
    expect(isAgentRejection(fromTrailer(Code.InvalidArgument))).toBe(true);
    // connect raises "incomplete envelope" locally with InvalidArgument and no status.
    expect(
      isAgentRejection(
        new ConnectError("protocol error: incomplete envelope", Code.InvalidArgument),
      ),
    ).toBe(false);
    expect(isAgentRejection(fromTrailer(Code.Unavailable))).toBe(false);
  });

  it("malformed answers are protocol faults; network failures are not", () => {
    expect(isProtocolFault(new ConnectError("parse binary: x", Code.Internal))).toBe(true);
    expect(isProtocolFault(new ConnectError("too big", Code.ResourceExhausted))).toBe(true);
    const reset = new ConnectError(
      "refused",
      Code.Unavailable,
      undefined,
      undefined,
      Object.assign(new Error("x"), { code: "ECONNRESET" }),
    );
    expect(isProtocolFault(reset)).toBe(false);
    expect(isProtocolFault(fromTrailer(Code.Internal))).toBe(false);
  });

  it("names the timeout, or the invalid message, in the reason", () => {
    const ctx = { tls: false, streaming: true, probeTimeoutMs: 5_000 };
    expect(failureReason(address, new ConnectError("t", Code.DeadlineExceeded), ctx)).toContain(
      "did not answer within 5 s (timeout",
    );
    expect(failureReason(address, new ConnectError("parse binary", Code.Internal), ctx)).toContain(
      "sent an invalid message (Internal: parse binary)",
    );
  });

  it("keeps error text to one printable, bounded line", () => {
    const text = shortError(new Error(`a\u001b[31mb\nc${"x".repeat(500)}`));
    // eslint-disable-next-line no-control-regex -- checking for control characters is the point
    expect(text).not.toMatch(/[\u0000-\u001f]/);
    expect(text.length).toBeLessThanOrEqual(201);
  });
});
