/**
 * Read-only by construction: every method of both Tetragon services, over gRPC-Web, Connect
 * and gRPC (h2c), plus reflection and an unknown service. Only the five allow-listed methods
 * reach the fake agent; everything else is refused locally and the agent counts zero calls.
 */
import http2 from "node:http2";
import { create, type DescMethodUnary, type DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventLogService } from "../../src/gen/tetragon/eventlogservice_pb.js";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { type Gateway, startGateway } from "../gateway.js";
import { type FakeAgent, startFakeAgent } from "../testing/fake-agent.js";
import { type Protocol, transportFor } from "../testing/fixtures.js";
import { forwardedMethods } from "./allow-list.js";

let agent: FakeAgent;
let gw: Gateway;
beforeAll(async () => {
  agent = await startFakeAgent();
  gw = await startGateway({
    agents: [agent.address],
    port: 0,
    staticDir: "/nonexistent",
    log: () => undefined,
  });
});
afterAll(async () => {
  await gw.close();
  await agent.close();
});

const protocols: Protocol[] = ["grpc-web", "connect", "grpc"];
const allowed = new Set<string>(forwardedMethods);
const services = [FineGuidanceSensors, EventLogService] as DescService[];
const everyMethod = services.flatMap((s) => s.methods.map((m) => ({ service: s, method: m })));

async function callUnary(
  protocol: Protocol,
  method: DescMethodUnary,
): Promise<ConnectError | undefined> {
  const transport = transportFor(protocol, gw.url);
  try {
    await transport.unary(method, undefined, 5_000, undefined, create(method.input));
    return undefined;
  } catch (err) {
    return ConnectError.from(err);
  }
}

describe.each(protocols)("over %s", (protocol) => {
  it.each(
    everyMethod
      .filter(({ method }) => method.methodKind === "unary")
      .map((x) => [x.method.name, x] as const),
  )("%s is forwarded only if allow-listed", async (_name, { service, method }) => {
    const before = agent.forbiddenCalls();
    const err = await callUnary(protocol, method as DescMethodUnary);
    if (service === FineGuidanceSensors && allowed.has(method.name)) {
      expect(err).toBeUndefined();
    } else {
      expect(err?.code).toBe(Code.PermissionDenied);
      expect(err?.rawMessage).toContain("read-only");
    }
    expect(agent.forbiddenCalls()).toBe(before);
  });

  it("GetEvents is forwarded (server streaming)", async () => {
    const client = createClient(FineGuidanceSensors, transportFor(protocol, gw.url));
    const controller = new AbortController();
    const before = agent.callsTo("GetEvents");
    const stream = client.getEvents({}, { signal: controller.signal })[Symbol.asyncIterator]();
    const pending = stream.next().catch(() => undefined);
    await expect.poll(() => agent.callsTo("GetEvents")).toBe(before + 1);
    controller.abort();
    await pending;
  });
});

/** A raw request to any path, in the given protocol; returns the refusal code it carries. */
async function rawCall(protocol: Protocol, path: string): Promise<string | undefined> {
  const url = new URL(path, gw.url);
  if (protocol === "grpc") {
    const session = http2.connect(url.origin);
    try {
      const req = session.request({
        ":method": "POST",
        ":path": path,
        "content-type": "application/grpc+proto",
        te: "trailers",
      });
      req.end(Buffer.from([0, 0, 0, 0, 0]));
      const headers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
        req.on("response", resolve);
        req.on("error", reject);
      });
      req.resume();
      return headers["grpc-status"] as string | undefined;
    } finally {
      session.close();
    }
  }
  const contentType = protocol === "grpc-web" ? "application/grpc-web+proto" : "application/proto";
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": contentType },
    body: new Uint8Array(protocol === "grpc-web" ? 5 : 0),
  });
  if (protocol === "grpc-web") return res.headers.get("grpc-status") ?? undefined;
  return ((await res.json()) as { code?: string }).code;
}

describe.each(protocols)("paths outside the allow-list over %s", (protocol) => {
  const expected = (code: Code) =>
    protocol === "connect"
      ? code === Code.PermissionDenied
        ? "permission_denied"
        : "unimplemented"
      : String(code);

  it.each([
    ["/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", Code.Unimplemented],
    ["/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", Code.Unimplemented],
    ["/acme.Unknown/DoThings", Code.Unimplemented],
    ["/tetragon.FineGuidanceSensors/MethodAddedLater", Code.PermissionDenied],
    ["/tetragon.EventLogService/SetEventLogParams", Code.PermissionDenied],
  ])("%s is refused locally", async (path, code) => {
    const before = agent.forbiddenCalls();
    expect(await rawCall(protocol, path)).toBe(expected(code));
    expect(agent.forbiddenCalls()).toBe(before);
  });
});

describe("after the sweep", () => {
  it("the agent saw no forbidden call at all", () => {
    expect(agent.forbiddenCalls()).toBe(0);
    expect(
      [...agent.calls.keys()].every((k) => k.startsWith("tetragon.FineGuidanceSensors/")),
    ).toBe(true);
  });
});
