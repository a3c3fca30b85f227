/**
 * The gateway as it runs in a pod: no kubeconfig, the service account's token, CA and
 * namespace files, KUBERNETES_SERVICE_HOST/PORT. The token is re-read when the kubelet
 * rotates it, before the old one stops working.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { waitFor } from "../testing/fixtures.js";
import { type KubeStack, startKubeStack } from "../testing/fake-kube/kube-stack.js";
import { watch } from "../testing/reliability.js";
import { serviceAccountDir } from "./kube-config.js";

let stack: KubeStack | undefined;
let root: string | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await stack?.close();
  if (root !== undefined) await rm(root, { recursive: true, force: true });
  stack = root = undefined;
});

it("uses the service account in a pod and follows a token rotation without a 401", async () => {
  // The fake API server's port is known only once it runs; client-node reads
  // KUBERNETES_SERVICE_HOST/PORT from the process environment (stubbed in beforeGateway).
  root = await mkdtemp(path.join(os.tmpdir(), "sa-root-"));
  const sa = path.join(root, serviceAccountDir);
  await mkdir(sa, { recursive: true });
  stack = await startKubeStack(
    { nodes: [{ node: "node-1", kind: "unix" }], rate: 40 },
    {},
    {
      env: { HOME: root, KUBERNETES_SERVICE_HOST: "127.0.0.1" },
      serviceAccountRoot: root,
      beforeGateway: async (cluster) => {
        await writeFile(path.join(sa, "token"), cluster.token);
        await copyFile(cluster.pki.caFile, path.join(sa, "ca.crt"));
        await writeFile(path.join(sa, "namespace"), cluster.namespace);
        vi.stubEnv("KUBERNETES_SERVICE_HOST", "127.0.0.1");
        vi.stubEnv("KUBERNETES_SERVICE_PORT", String(cluster.api.port));
      },
    },
  );
  expect(stack.gateway.kubeDescription).toContain("the in-cluster service account");
  const w = watch(stack.gateway.url);
  await waitFor(() => w.got.some((e) => e.nodeName === "node-1"), "node-1 events");

  // The kubelet rotates the token: new file content, and the API server stops taking the old one.
  const fresh = stack.cluster.rotateToken();
  await writeFile(path.join(sa, "token"), fresh);
  const refusedBefore = stack.cluster.api.unauthorized;
  await stack.cluster.addPod("node-2", "tcp");
  await waitFor(() => w.got.some((e) => e.nodeName === "node-2"), "the new pod's events");
  expect(stack.cluster.api.unauthorized).toBe(refusedBefore);
  w.abort();
});
