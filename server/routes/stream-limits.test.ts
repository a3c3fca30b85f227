/**
 * GetEvents limits over real sockets: per client address and in total, refused with
 * ResourceExhausted and a reason naming the flag; a closed stream frees its place. Client
 * addresses are loopback aliases (127.0.0.N), so each "client" has its own source address.
 */
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-node";
import { afterEach, describe, expect, it } from "vitest";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import { execEvent, waitFor } from "../testing/fixtures.js";
import { agentAndGateway, cleanupStack } from "../testing/reliability.js";

const cleanup = cleanupStack();
afterEach(() => cleanup.run());

/** A GetEvents stream from `localAddress`; `outcome` says "open" at its first event, or why it was refused. */
function streamFrom(baseUrl: string, localAddress: string) {
  const client = createClient(
    FineGuidanceSensors,
    createGrpcWebTransport({
      baseUrl: baseUrl.replace(/\/$/, ""),
      httpVersion: "1.1",
      nodeOptions: { localAddress, agent: false },
    }),
  );
  const controller = new AbortController();
  const outcome = (async () => {
    try {
      for await (const _ of client.getEvents({}, { signal: controller.signal })) return "open";
      return "ended";
    } catch (err) {
      const ce = ConnectError.from(err);
      return `${Code[ce.code]}: ${ce.rawMessage}`;
    }
  })();
  return {
    outcome,
    close: () => {
      controller.abort();
    },
  };
}

describe("GetEvents limits", () => {
  it("refuses streams over the per-address and total limits with ResourceExhausted", async () => {
    // Events keep coming, so every admitted stream (shared upstream or not) gets one.
    const { agent, gateway } = await agentAndGateway(
      cleanup,
      { paced: { perSecond: 50, make: (seq) => execEvent("n", "/bin/x", seq) } },
      { limits: { maxStreamsPerAddress: 2, maxStreams: 3 } },
    );
    const streams: ReturnType<typeof streamFrom>[] = [];
    cleanup.push(async () => {
      for (const s of streams) s.close();
      await Promise.all(streams.map((s) => s.outcome));
    });
    const open = (address: string) => {
      const s = streamFrom(gateway.url, address);
      streams.push(s);
      return s;
    };

    const a1 = open("127.0.0.2");
    const a2 = open("127.0.0.2");
    expect(await a1.outcome).toBe("open");
    expect(await a2.outcome).toBe("open");
    expect(await open("127.0.0.2").outcome).toBe(
      "ResourceExhausted: 127.0.0.2 already has 2 GetEvents streams open, the limit per client " +
        "address (--max-streams-per-address 2); close other dashboards or raise the limit",
    );
    expect(await open("127.0.0.3").outcome).toBe("open");
    expect(await open("127.0.0.4").outcome).toMatch(
      /^ResourceExhausted: the gateway already serves 3 GetEvents streams, its limit \(--max-streams 3\)/,
    );
    // A closed stream frees its place.
    a1.close();
    await waitFor(() => gateway.browserStreams() === 2, "the closed stream to be counted out");
    expect(await open("127.0.0.4").outcome).toBe("open");
    // Refused streams never reached the agent.
    expect(agent.callsTo("GetEvents")).toBe(1);
  });
});
