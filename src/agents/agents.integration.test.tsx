// @vitest-environment jsdom
/**
 * The Agents dialog end to end over real sockets: the real gateway in front of the real demo
 * agent, an agent that serves only GetEvents and GetHealth (as an older or restricted agent
 * does), and an address where nothing listens. The dialog gets its agent list from the
 * gateway's GetStatus and its details through the gRPC-Web client the app uses; what the
 * demo agent serves is read from it directly (not copied here), so this test follows the
 * demo when its data changes.
 */
import { createClient } from "@connectrpc/connect";
import { connectNodeAdapter, createGrpcTransport } from "@connectrpc/connect-node";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import * as http2 from "node:http2";
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startDemoAgent, type DemoAgent } from "../../server/demo/agent";
import { type Gateway, startGateway } from "../../server/gateway";
import { createAgentInfoApi } from "../ingest/agent-info-client";
import { createDashboardApi } from "../api/clients";
import { FineGuidanceSensors } from "../gen/tetragon/sensors_pb";
import { HealthStatusResult } from "../gen/tetragon/tetragon_pb";
import { AgentsDialog } from "./AgentsDialog";

/** An agent without GetVersion, GetInfo and ListTracingPolicies: those answer Unimplemented. */
async function startEventsOnlyAgent() {
  const server = http2.createServer(
    connectNodeAdapter({
      grpc: true,
      grpcWeb: false,
      connect: false,
      routes: (router) => {
        router.service(FineGuidanceSensors, {
          async *getEvents(_req, ctx) {
            await new Promise((resolve) => {
              ctx.signal.addEventListener("abort", resolve);
            });
            yield* [];
          },
          getHealth: () => ({
            healthStatus: [{ status: HealthStatusResult.HEALTH_STATUS_RUNNING, details: "up" }],
          }),
        });
      },
    }),
  );
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (s) => sessions.add(s));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    address: `127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A loopback port that was free a moment ago: connecting to it is refused. */
async function closedPort(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) =>
    probe.close(() => {
      resolve();
    }),
  );
  return `127.0.0.1:${String(port)}`;
}

let demo: DemoAgent;
let eventsOnly: Awaited<ReturnType<typeof startEventsOnlyAgent>>;
let gateway: Gateway;
let nowhere: string;

beforeAll(async () => {
  demo = await startDemoAgent({ log: () => undefined });
  eventsOnly = await startEventsOnlyAgent();
  nowhere = await closedPort();
  gateway = await startGateway({
    agents: [demo.address, eventsOnly.address, nowhere],
    port: 0,
    staticDir: "/nonexistent",
    log: () => undefined,
  });
});

afterAll(async () => {
  cleanup();
  await gateway.close();
  await eventsOnly.close();
  await demo.close();
});

describe("Agents dialog against the real gateway and the demo agent", () => {
  it("shows the demo's version, health and policies, and each other agent's failure", async () => {
    const transport = createGrpcWebTransport({ baseUrl: gateway.url, useBinaryFormat: true });
    const agents = await createDashboardApi(transport).getStatus(AbortSignal.timeout(10_000));
    expect(agents.map((a) => a.address)).toEqual([demo.address, eventsOnly.address, nowhere]);

    // What the demo agent itself says, asked directly over gRPC.
    const direct = createClient(
      FineGuidanceSensors,
      createGrpcTransport({ baseUrl: `http://${demo.address}` }),
    );
    const version = (await direct.getVersion({})).version;
    const policyNames = (await direct.listTracingPolicies({})).policies.map((p) => p.name);
    expect(policyNames.length).toBeGreaterThan(0);

    const onPolicyFilter = vi.fn<(name: string) => void>();
    render(
      <AgentsDialog
        agents={agents}
        api={createAgentInfoApi(transport)}
        onPolicyFilter={onPolicyFilter}
        onClose={() => undefined}
      />,
    );
    const dialog = screen.getByRole("dialog", { name: "Agents" });

    const demoCard = within(dialog).getByRole("region", { name: `Agent ${demo.address}` });
    const policies = await within(demoCard).findByRole(
      "list",
      { name: "Tracing policies" },
      { timeout: 15_000 },
    );
    const shown = within(policies)
      .getAllByRole("button", { name: /^Filter by policy / })
      .map((b) => b.textContent);
    expect([...shown].sort()).toEqual([...policyNames].sort());
    await within(demoCard).findByText(version, {}, { timeout: 15_000 });
    await within(demoCard).findByText(/^running/, {}, { timeout: 15_000 });

    const limited = within(dialog).getByRole("region", { name: `Agent ${eventsOnly.address}` });
    await within(limited).findByText(/^GetInfo failed: Unimplemented/, {}, { timeout: 15_000 });
    await within(limited).findByText(
      /^ListTracingPolicies failed: Unimplemented/,
      {},
      {
        timeout: 15_000,
      },
    );
    await within(limited).findByText("running: up", {}, { timeout: 15_000 });

    const down = within(dialog).getByRole("region", { name: `Agent ${nowhere}` });
    await within(down).findByText(/^GetVersion failed: Unavailable/, {}, { timeout: 15_000 });

    await userEvent.click(
      within(policies).getByRole("button", { name: `Filter by policy ${policyNames[0]!}` }),
    );
    expect(onPolicyFilter.mock.calls).toEqual([[policyNames[0]]]);
  });
});
