import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { parseAgentAddress } from "./agent-address.js";
import { failureReason, isAgentRejection, isProtocolFault, shortError } from "./agent-reason.js";

const address = parseAgentAddress("127.0.0.1:54321");
if ("error" in address) throw new Error(address.error);
/** A ConnectError caused by a Node system error (what connect-node raises for ECONNREFUSED...). */
const failedWith = (systemCode: string, code: Code, message: string) =>
  new ConnectError(
    message,
    code,
    undefined,
    undefined,
    Object.assign(new Error("x"), { code: systemCode }),
  );
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
    const reset = failedWith("ECONNRESET", Code.Unavailable, "refused");
    expect(isProtocolFault(reset)).toBe(false);
    expect(isProtocolFault(fromTrailer(Code.Internal))).toBe(false);
  });

  it("names the timeout, or the invalid message, in the reason", () => {
    const ctx = { tls: false, streaming: true, everConnected: true, probeTimeoutMs: 5_000 };
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

  it("fits the setup hint to the address: no port-forward 1:1 for a mistyped local port", () => {
    const refused = failedWith("ECONNREFUSED", Code.Unavailable, "connect ECONNREFUSED");
    const ctx = { tls: false, streaming: false, everConnected: false, probeTimeoutMs: 5_000 };
    const reason = (raw: string) => {
      const a = parseAgentAddress(raw);
      if ("error" in a) throw new Error(a.error);
      return failureReason(a, refused, ctx);
    };
    const typo = reason("127.0.0.1:1");
    expect(typo).toContain("Tetragon not reachable at 127.0.0.1:1 (ECONNREFUSED)");
    expect(typo).toContain("Nothing answers on port 1; Tetragon's default is 54321");
    expect(typo).toContain("port-forward -n kube-system ds/tetragon 54321:54321");
    expect(typo).toContain("--tetragon localhost:54321");
    expect(typo).not.toMatch(/ 1:1|localhost:1\b/);
    expect(reason("localhost:9999")).toContain("ds/tetragon 9999:54321");
    const remote = reason("10.0.0.7:54321");
    expect(remote).toContain("reachable from this machine");
    expect(remote).not.toContain("port-forward");
  });

  it("gives setup hints only for an agent never reached; a lost one gets restart hints", () => {
    const refused = failedWith("ECONNREFUSED", Code.Unavailable, "connect ECONNREFUSED");
    const first = failureReason(address, refused, {
      tls: false,
      streaming: false,
      everConnected: false,
      probeTimeoutMs: 5_000,
    });
    expect(first).toContain("Tetragon not reachable at 127.0.0.1:54321 (ECONNREFUSED)");
    expect(first).toContain("tetragon.grpc.address=localhost:54321");
    // The stream of a live agent broke (a clean shutdown cancels it).
    const justLost = failureReason(address, new ConnectError("x", Code.Canceled), {
      tls: false,
      streaming: true,
      everConnected: true,
      probeTimeoutMs: 5_000,
    });
    expect(justLost).toBe(
      "Lost the connection to Tetragon at 127.0.0.1:54321 (Canceled); reconnecting. An agent " +
        "restart looks like this; so does a `kubectl port-forward` that ended (it stops when " +
        "the Tetragon pod it forwards to restarts: start it again).",
    );
    // Re-dials that keep failing after that.
    const notBack = failureReason(address, refused, {
      tls: false,
      streaming: false,
      everConnected: true,
      probeTimeoutMs: 5_000,
    });
    expect(notBack).toMatch(/^Tetragon at 127.0.0.1:54321 is not back yet \(ECONNREFUSED\)/);
    expect(notBack).not.toContain("helm");
    // A TLS failure is still a TLS reason, reached before or not.
    const tls = failedWith("UNABLE_TO_VERIFY_LEAF_SIGNATURE", Code.Unavailable, "x");
    expect(
      failureReason(address, tls, {
        tls: true,
        streaming: false,
        everConnected: true,
        probeTimeoutMs: 5_000,
      }),
    ).toContain("TLS handshake with Tetragon at 127.0.0.1:54321 failed");
  });
});
