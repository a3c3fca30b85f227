import { createClient } from "@connectrpc/connect";
import { Http2SessionManager, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { WebSocket } from "ws";
import { FineGuidanceSensors } from "../../src/gen/tetragon/sensors_pb.js";
import {
  type FakeCluster,
  kubeconfigYaml,
  startFakeCluster,
} from "../testing/fake-kube/fake-cluster.js";
import { openChannelSocket } from "./channel-socket.js";
import { ExecFailedError, execStdout } from "./exec-stream.js";
import { loadKubeConfig } from "./kube-config.js";
import { KubeHttpError } from "./kube-errors.js";
import { PortForwardError, openPortForward } from "./port-forward-socket.js";
import { tetraContainer, tetraGetEventsCommand } from "./tetra-command.js";

let cluster: FakeCluster;
let kc: ReturnType<typeof loadOk>["kc"];
function loadOk(path: string) {
  const loaded = loadKubeConfig({ env: { KUBECONFIG: path } });
  if ("error" in loaded) throw new Error(loaded.error);
  return loaded;
}
beforeAll(async () => {
  cluster = await startFakeCluster({
    nodes: [
      { node: "node-tcp", kind: "tcp" },
      { node: "node-unix", kind: "unix" },
    ],
    rate: 200,
  });
  kc = loadOk(cluster.kubeconfigPath).kc;
});
afterAll(async () => {
  await cluster.close();
});

const podName = (node: string): string => cluster.podOnNode(node)!.metadata.name;

describe("port-forward over the Kubernetes WebSocket channel protocol", () => {
  it("carries a real HTTP/2 gRPC call to the agent in a TCP pod", async () => {
    const target = { namespace: "kube-system", pod: podName("node-tcp"), port: 54321 };
    const manager = new Http2SessionManager("http://localhost", undefined, {
      createConnection: () => openPortForward(kc, target),
    });
    const client = createClient(
      FineGuidanceSensors,
      createGrpcTransport({ baseUrl: "http://localhost", sessionManager: manager }),
    );
    const health = await client.getHealth({});
    expect(health.healthStatus.length).toBeGreaterThan(0);
    const version = await client.getVersion({});
    expect(version.version).toMatch(/demo/);
    manager.abort();
  });

  it("fails like the kubelet when nothing listens on the port (unix-socket agent)", async () => {
    const target = { namespace: "kube-system", pod: podName("node-unix"), port: 54321 };
    const error = await new Promise<Error>((resolve) => {
      const socket = openPortForward(kc, target, resolve);
      socket.write(Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
    });
    if (!(error instanceof PortForwardError)) throw error;
    expect(error.refused).toBe(true);
    expect(error.message).toContain("connection refused");
  });

  it("the fake kubelet refuses a v5-only port-forward with 403, as a real one does", async () => {
    const path = `/api/v1/namespaces/kube-system/pods/${podName("node-tcp")}/portforward?ports=54321`;
    const err = await openChannelSocket(
      kc,
      path,
      ["v5.channel.k8s.io"],
      new AbortController().signal,
    ).then(
      (ws: WebSocket) => {
        ws.terminate();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KubeHttpError);
    expect((err as KubeHttpError).status).toBe(403);
  });
});

describe("exec over the Kubernetes WebSocket channel protocol", () => {
  it("streams `tetra getevents -o json` lines from a unix-socket pod", async () => {
    const abort = new AbortController();
    let text = "";
    for await (const chunk of execStdout(
      kc,
      {
        namespace: "kube-system",
        pod: podName("node-unix"),
        container: tetraContainer,
        command: tetraGetEventsCommand,
      },
      abort.signal,
    )) {
      text += Buffer.from(chunk).toString("utf8");
      if (text.split("\n").length > 5) abort.abort();
    }
    const first = JSON.parse(text.split("\n")[0]!) as { node_name?: string };
    expect(first.node_name).toBe("node-unix");
  });

  it("a failing command ends with its exit Status and stderr as the error", async () => {
    let chunks = 0;
    const run = async () => {
      for await (const chunk of execStdout(
        kc,
        {
          namespace: "kube-system",
          pod: podName("node-unix"),
          container: tetraContainer,
          command: ["tetra", "getevents", "--bogus"],
        },
        new AbortController().signal,
      ))
        chunks += chunk.byteLength > 0 ? 1 : 0;
    };
    const err = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ExecFailedError);
    expect((err as ExecFailedError).exited).toBe(true);
    expect((err as Error).message).toContain("unknown flag: --bogus");
    expect(chunks).toBe(0);
  });

  it("a wrong token is a 401 before any upgrade", async () => {
    const path = `/api/v1/namespaces/kube-system/pods/${podName("node-unix")}/exec?command=tetra`;
    const file = join(cluster.pki.dir, "wrong-token.kubeconfig");
    await writeFile(
      file,
      kubeconfigYaml(cluster.api.url, cluster.pki.caFile, "not-the-token", "kube-system"),
    );
    const other = loadOk(file).kc;
    const err = await openChannelSocket(
      other,
      path,
      ["v4.channel.k8s.io"],
      new AbortController().signal,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KubeHttpError);
    expect((err as KubeHttpError).status).toBe(401);
  });
});
