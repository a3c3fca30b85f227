/**
 * TLS to the agent (--tls-ca, --tls-server-name, --tls-cert/--tls-key) against a fake agent
 * serving HTTP/2 over TLS with a certificate for x.tetragon-grpc.cilium.io, issued by a
 * throwaway CA made with openssl at test time. Misconfigurations must show up as a clear
 * TLS reason in GetStatus, not as a generic "not reachable".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentState } from "../../src/gen/tetragon_dashboard/v1/gateway_pb.js";
import { type TlsOptions, startGateway } from "../gateway.js";
import { type FakeAgent, startFakeAgent } from "../testing/fake-agent.js";
import { execEvent, sensorsClient, statusClient, waitFor } from "../testing/fixtures.js";
import { cleanupStack, watch } from "../testing/reliability.js";
import { type TestPki, hasOpenssl, makeTestPki, tetragonServerName } from "../testing/tls-certs.js";

const openssl = hasOpenssl();
let pki: TestPki;
const cleanup = cleanupStack();

beforeAll(async () => {
  if (openssl) pki = await makeTestPki();
});
afterAll(async () => {
  await cleanup.run();
  if (openssl) await pki.remove();
});

async function tlsAgent(requireClientCert: boolean): Promise<FakeAgent> {
  const agent = await startFakeAgent({
    events: [execEvent("tls-node", "/bin/secure", 1)],
    tls: {
      key: pki.serverKey,
      cert: pki.serverCert,
      ...(requireClientCert ? { ca: pki.ca, requestCert: true } : {}),
    },
  });
  cleanup.push(() => agent.close());
  return agent;
}

async function gatewayFor(agent: FakeAgent, tls: TlsOptions) {
  const gateway = await startGateway({
    agents: [agent.address],
    port: 0,
    staticDir: "/nonexistent",
    log: () => undefined,
    tls,
  });
  cleanup.push(() => gateway.close());
  return gateway;
}

async function expectStreams(url: string): Promise<void> {
  const tab = watch(url);
  cleanup.push(async () => {
    tab.abort();
    await tab.ended;
  });
  await waitFor(() => tab.got.length === 1, "an event over TLS");
  expect(tab.got[0]!.nodeName).toBe("tls-node");
  expect((await sensorsClient(url).getVersion({})).$typeName).toBe("tetragon.GetVersionResponse");
  const agent = (await statusClient(url).getStatus({})).agents[0]!;
  expect(agent.state).toBe(AgentState.CONNECTED);
}

async function reconnectingReason(url: string): Promise<string> {
  const status = statusClient(url);
  await waitFor(
    async () => (await status.getStatus({})).agents[0]?.state === AgentState.RECONNECTING,
    "the TLS failure to be reported",
  );
  return (await status.getStatus({})).agents[0]!.reason;
}

describe.skipIf(!openssl)(
  "TLS upstream (skipped: no openssl on PATH to issue test certificates)",
  () => {
    it("--tls-ca + --tls-server-name: events and unary calls flow", async () => {
      const agent = await tlsAgent(false);
      const gateway = await gatewayFor(agent, {
        caFile: pki.caFile,
        serverName: tetragonServerName,
      });
      await expectStreams(gateway.url);
    });

    it("a wrong CA gives a TLS reason in GetStatus", async () => {
      const agent = await tlsAgent(false);
      const gateway = await gatewayFor(agent, {
        caFile: pki.otherCaFile,
        serverName: tetragonServerName,
      });
      const reason = await reconnectingReason(gateway.url);
      expect(reason).toContain(`TLS handshake with Tetragon at ${agent.address} failed`);
      expect(reason).toMatch(/CERT|SIGNATURE|ISSUER|SELF_SIGNED/);
      expect(reason).toContain("--tls-ca");
    });

    it("without --tls-server-name the certificate's name does not match 127.0.0.1", async () => {
      const agent = await tlsAgent(false);
      const gateway = await gatewayFor(agent, { caFile: pki.caFile });
      const reason = await reconnectingReason(gateway.url);
      expect(reason).toContain("TLS handshake");
      expect(reason).toContain("ALTNAME");
      expect(reason).toContain("--tls-server-name");
    });

    it("mutual TLS: works with --tls-cert/--tls-key, refused without", async () => {
      const agent = await tlsAgent(true);
      const withCert = await gatewayFor(agent, {
        caFile: pki.caFile,
        serverName: tetragonServerName,
        certFile: pki.clientCertFile,
        keyFile: pki.clientKeyFile,
      });
      await expectStreams(withCert.url);

      const without = await gatewayFor(agent, {
        caFile: pki.caFile,
        serverName: tetragonServerName,
      });
      const reason = await reconnectingReason(without.url);
      expect(reason).toContain("TLS handshake");
      expect(reason).toContain("--tls-cert and --tls-key");
    });
  },
);
